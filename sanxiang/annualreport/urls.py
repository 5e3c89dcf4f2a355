"""Staff pages of annualreport; the project mounts them at /annualreport/."""

from django.urls import path

from . import views

app_name = "annualreport"

urlpatterns = [
    path("", views.index, name="index"),
    path("generate/", views.generate, name="generate"),
    path("<int:report_id>/", views.detail, name="detail"),
    path("<int:report_id>/edit/", views.edit, name="edit"),
    path("<int:report_id>/regenerate/", views.regenerate, name="regenerate"),
    path("<int:report_id>/approve/", views.approve, name="approve"),
    path("<int:report_id>/reopen/", views.reopen, name="reopen"),
    path("<int:report_id>/publish/", views.publish, name="publish"),
    path("<int:report_id>/export/<str:fmt>/", views.export, name="export"),
]
