"""Staff pages of the legal review; the project mounts them at /review/."""

from django.urls import path

from . import views

app_name = "review"

urlpatterns = [
    path("", views.workbench, name="workbench"),
    path("statistics/", views.statistics_page, name="statistics"),
    path("cases/<int:case_id>/", views.case_review, name="case"),
    path("cases/<int:case_id>/flag/", views.flag, name="flag"),
    path("cases/<int:case_id>/reclassify/", views.reclassify, name="reclassify"),
    path("cases/<int:case_id>/submit/", views.submit, name="submit"),
    path("cases/<int:case_id>/discussion/", views.discussion, name="discussion"),
    path("cases/<int:case_id>/responsibility/", views.responsibility, name="responsibility"),
    path("flags/<int:flag_id>/remove/", views.request_unflag, name="request_unflag"),
    path("flags/<int:flag_id>/decide/", views.decide_unflag, name="decide_unflag"),
    path("submissions/<int:submission_id>/", views.round_detail, name="round"),
    path("submissions/<int:submission_id>/accept/", views.accept, name="accept"),
    path("submissions/<int:submission_id>/return/", views.return_incomplete, name="return"),
    path("submissions/<int:submission_id>/opinion/", views.opinion, name="opinion"),
    path("submissions/<int:submission_id>/extension/", views.request_extension, name="extension"),
    path(
        "submissions/<int:submission_id>/extension/decide/", views.decide_extension, name="decide_extension"
    ),
    path("submissions/<int:submission_id>/adviser/", views.adviser, name="adviser"),
    path("submissions/<int:submission_id>/coordination/", views.open_coordination, name="coordination"),
    path("coordinations/<int:coordination_id>/position/", views.coordination_position, name="position"),
    path(
        "coordinations/<int:coordination_id>/decide/", views.coordination_decision, name="decide_coordination"
    ),
    path("catalogues/", views.catalogue_list, name="catalogues"),
    path("catalogues/new/city/", views.catalogue_new, name="catalogue_new_city"),
    path("catalogues/new/<int:body_id>/", views.catalogue_new, name="catalogue_new"),
    path("catalogues/<int:catalogue_id>/", views.catalogue_detail, name="catalogue"),
    path("catalogues/<int:catalogue_id>/items/new/", views.item_add, name="item_add"),
    path("catalogues/<int:catalogue_id>/in-force/", views.catalogue_in_force, name="in_force"),
    path("catalogues/<int:catalogue_id>/publish/", views.catalogue_publish, name="publish"),
    path("items/<int:item_id>/delete/", views.item_remove, name="item_remove"),
    path("settings/<int:body_id>/", views.review_rules, name="rules"),
    path("benchmarks/", views.benchmark_list, name="benchmarks"),
    path("benchmarks/new/city/", views.benchmark_new, name="benchmark_new_city"),
    path("benchmarks/new/<int:body_id>/", views.benchmark_new, name="benchmark_new"),
    path("benchmarks/<int:violation_id>/", views.benchmark_detail, name="benchmark"),
    path("benchmarks/<int:violation_id>/range/", views.benchmark_range, name="benchmark_range"),
]
