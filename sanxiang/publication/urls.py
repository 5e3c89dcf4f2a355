"""Staff pages of publication; the project mounts them at /publication/."""

from django.urls import path

from . import views

app_name = "publication"

urlpatterns = [
    path("", views.publication_list, name="list"),
    path("<int:publication_id>/", views.publication_detail, name="detail"),
    path("<int:publication_id>/<str:name>/", views.step, name="step"),
    path("removals/<int:removal_id>/decide/", views.decide_removal, name="decide_removal"),
]
