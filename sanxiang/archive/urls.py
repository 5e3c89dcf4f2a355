"""Staff pages of the electronic case file; the project mounts them at /archive/."""

from django.urls import path

from . import views

app_name = "archive"

urlpatterns = [
    path("cases/<int:case_id>/", views.case_archive, name="case"),
    path("cases/<int:case_id>/export/", views.export, name="export"),
]
