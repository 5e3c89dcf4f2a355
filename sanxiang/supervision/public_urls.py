"""Public (no login) pages of supervision; the project mounts them under /portal/."""

from django.urls import path

from . import public_views

app_name = "supervision_public"

urlpatterns = [
    path("supervision/indicators/", public_views.indicators, name="indicators"),
]
