"""Staff pages of portal; the project mounts them at /portal/."""

app_name = "portal"

urlpatterns: list = []
