"""Public (no login) pages of disclosure; the project mounts them under /portal/."""

from django.urls import path

from . import public_views as views

app_name = "disclosure_public"

urlpatterns = [
    path("credentials/", views.credential_search, name="credential_search"),
    path("credentials/<str:number>/", views.credential, name="credential"),
    path("credentials/<str:number>/qr.<str:fmt>", views.credential_qr, name="credential_qr"),
    path("items/<str:public_id>/", views.item_page, name="item"),
    path("items/<str:public_id>/versions/<int:number>/", views.item_version, name="item_version"),
    path("boards/<str:public_id>.pdf", views.board_pdf, name="board_pdf"),
]
