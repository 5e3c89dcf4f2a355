"""Public (no login) pages of annualreport; the project mounts them under /portal/."""

from django.urls import path

from . import public_views

app_name = "annualreport_public"

urlpatterns = [
    path("reports/", public_views.report_list, name="list"),
    path("reports/<str:report_id>/", public_views.report_page, name="report"),
    path("reports/<str:report_id>/download/<str:fmt>/", public_views.download, name="download"),
]
