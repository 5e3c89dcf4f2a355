"""Staff pages of supervision; the project mounts them at /supervision/."""

app_name = "supervision"

urlpatterns: list = []
