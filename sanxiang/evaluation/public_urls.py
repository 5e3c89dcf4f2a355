"""Public (no login) pages of evaluation; the project mounts them under /portal/."""

app_name = "evaluation_public"

urlpatterns: list = []
