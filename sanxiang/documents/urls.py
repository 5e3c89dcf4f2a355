from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("case/<int:case_id>/", views.case_documents, name="case"),
    path("case/<int:case_id>/new/<slug:kind>/", views.issue, name="issue"),
    path("<int:document_id>/", views.document_detail, name="detail"),
    path("<int:document_id>/file.<str:fmt>", views.download, name="download"),
    path("<int:document_id>/sign/", views.sign, name="sign"),
    path("<int:document_id>/correct/", views.correct, name="correct"),
    path("signatures/<int:signature_id>/scan/", views.scan, name="scan"),
    path("templates/default/<slug:kind>.docx", views.default_template, name="default_template"),
    path("templates/<int:template_id>.docx", views.template_version, name="template_version"),
]
