"""Public (no login) pages of disclosure; the project mounts them under /portal/."""

app_name = "disclosure_public"

urlpatterns: list = []
