"""Public (no login) pages of evaluation; the project mounts them under /portal/."""

from django.urls import path

from .views import public

app_name = "evaluation_public"

urlpatterns = [
    path("complaints/new/", public.complaint_form, name="complaint_new"),
    path("complaints/track/", public.complaint_track, name="complaint_track"),
    path("practices/", public.practice_list, name="practices"),
    path("practices/<str:article_id>/", public.practice_detail, name="practice"),
]
