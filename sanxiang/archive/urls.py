"""Staff pages of archive; the project mounts them at /archive/."""

app_name = "archive"

urlpatterns: list = []
