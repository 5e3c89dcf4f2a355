"""Staff pages of publication; the project mounts them at /publication/."""

app_name = "publication"

urlpatterns: list = []
