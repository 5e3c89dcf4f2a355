"""Staff pages of disclosure; the project mounts them at /disclosure/."""

from django.urls import path

from . import views

app_name = "disclosure"

urlpatterns = [
    path("", views.index, name="index"),
    path("bodies/<str:public_id>/", views.body, name="body"),
    path("bodies/<str:public_id>/new/<str:kind>/", views.new_item, name="new_item"),
    path("bodies/<str:public_id>/basis-change/", views.basis_change, name="basis_change"),
    path("bodies/<str:public_id>/windows/new/", views.new_window, name="new_window"),
    path("items/<str:public_id>/", views.item, name="item"),
    path("items/<str:public_id>/edit/", views.edit_item, name="edit_item"),
    path("items/<str:public_id>/return/", views.return_item, name="return_item"),
    path("items/<str:public_id>/versions/<int:number>/", views.version, name="version"),
    path("items/<str:public_id>/<str:action>/", views.act, name="act"),
    path("windows/<str:public_id>/edit/", views.edit_window, name="edit_window"),
    path("windows/<str:public_id>/board.pdf", views.window_pdf, name="window_pdf"),
]
