"""Public (no login) pages of supervision; the project mounts them under /portal/."""

app_name = "supervision_public"

urlpatterns: list = []
