"""Public (no login) pages of publication; the project mounts them under /portal/."""

app_name = "publication_public"

urlpatterns: list = []
