"""Staff pages of evaluation; the project mounts them at /evaluation/."""

app_name = "evaluation"

urlpatterns: list = []
