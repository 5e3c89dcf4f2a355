"""Staff pages of disclosure; the project mounts them at /disclosure/."""

app_name = "disclosure"

urlpatterns: list = []
