"""Public (no login) pages of portal; the project mounts them under /portal/."""

from django.urls import path

from . import views

app_name = "portal_public"

urlpatterns = [
    path("", views.home, name="home"),
    path("bodies/<str:public_id>/", views.body, name="body"),
    path("data/", views.data_index, name="data"),
    path("data/<str:dataset>.<str:fmt>", views.download, name="download"),
    path("sitemap.xml", views.sitemap_index, name="sitemap"),
    path("sitemap-portal.xml", views.sitemap_portal, name="sitemap_portal"),
    path("sitemap-decisions-<int:number>.xml", views.sitemap_decisions, name="sitemap_decisions"),
    path("robots.txt", views.robots, name="robots"),
]
