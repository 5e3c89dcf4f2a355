"""Public (no login) pages of portal; the project mounts them under /portal/."""

app_name = "portal_public"

urlpatterns: list = []
