"""Public (no login) pages of publication; the project mounts them under /portal/."""

from django.urls import path

from . import public_views

app_name = "publication_public"

urlpatterns = [
    path("decisions/", public_views.search, name="search"),
    path("decisions/export.csv", public_views.export_csv, name="export_csv"),
    path("decisions/export.xlsx", public_views.export_xlsx, name="export_xlsx"),
    path("decisions/<uuid:public_id>/", public_views.decision, name="decision"),
]
