from django.urls import path

from . import views

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("mine/", views.my_cases, name="my_cases"),
    path("new/", views.new_case, name="new"),
    path("<int:case_id>/", views.case_detail, name="detail"),
    path("<int:case_id>/actions/<slug:name>/", views.run_transition, name="transition"),
]
