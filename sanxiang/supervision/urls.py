"""Staff pages of supervision; the project mounts them at /supervision/."""

from django.urls import path

from . import views

app_name = "supervision"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("indicators/", views.definitions, name="definitions"),
    path("indicators/<slug:code>/", views.city_indicator, name="city_indicator"),
    path("bodies/<int:body_id>/", views.body_scorecard, name="body"),
    path("bodies/<int:body_id>/indicators/<slug:code>/", views.drill, name="drill"),
    path("campaigns/", views.campaign_list, name="campaigns"),
    path("campaigns/new/", views.campaign_new, name="campaign_new"),
    path("campaigns/<int:campaign_id>/", views.campaign_detail, name="campaign"),
    path("campaigns/<int:campaign_id>/edit/", views.campaign_edit, name="campaign_edit"),
    path("campaigns/<int:campaign_id>/scope/", views.campaign_scope, name="campaign_scope"),
    path("campaigns/<int:campaign_id>/items/new/", views.item_save, name="item_new"),
    path("campaigns/<int:campaign_id>/items/<int:item_id>/", views.item_save, name="item_edit"),
    path("campaigns/<int:campaign_id>/items/<int:item_id>/delete/", views.item_remove, name="item_remove"),
    path("reports/<int:report_id>/", views.report_detail, name="report"),
    path("reports/<int:report_id>/record/", views.report_record, name="report_record"),
    path("reports/<int:report_id>/return/", views.report_return, name="report_return"),
    path("reports/<int:report_id>/export.docx", views.report_export, {"fmt": "docx"}, name="report_docx"),
    path("reports/<int:report_id>/export.pdf", views.report_export, {"fmt": "pdf"}, name="report_pdf"),
]
