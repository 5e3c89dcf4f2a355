"""Staff UI of the evidence app; the project includes it at path("evidence/", ...)."""

from django.urls import path

from . import views

app_name = "evidence"

urlpatterns = [
    path("cases/<int:case_id>/", views.case_page, name="case"),
    path("cases/<int:case_id>/upload/", views.form_upload, name="upload"),
    path("cases/<int:case_id>/flags.json", views.case_flags, name="flags"),
    path("uploads/", views.upload_create, name="upload_create"),
    path("uploads/<uuid:upload_id>/", views.upload_session, name="upload_session"),
    path("uploads/<uuid:upload_id>/complete/", views.upload_complete, name="upload_complete"),
    path("devices/", views.registry, name="devices"),
    path("devices/<uuid:body_id>/", views.registry, name="devices_of"),
    path("<uuid:evidence_id>/", views.detail_page, name="detail"),
    path("<uuid:evidence_id>/content/", views.content, name="content"),
    path("<uuid:evidence_id>/download/", views.download, name="download"),
    path("<uuid:evidence_id>/thumbnail/", views.thumbnail, name="thumbnail"),
    path("<uuid:evidence_id>/derive/", views.derive, name="derive"),
]
