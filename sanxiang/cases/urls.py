from django.urls import path

from . import views

app_name = "cases"

urlpatterns = [
    path("mine/", views.my_cases, name="my_cases"),
]
