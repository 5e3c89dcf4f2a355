"""Staff pages of evaluation; the project mounts them at /evaluation/."""

from django.urls import path

from .views import complaints, outcomes, plans, practices

app_name = "evaluation"

urlpatterns = [
    path("", plans.home, name="home"),
    path("coverage/", plans.coverage, name="coverage"),
    path("plans/new/", plans.plan_new, name="plan_new"),
    path("plans/<int:plan_id>/", plans.plan_detail, name="plan"),
    path("plans/<int:plan_id>/draw/", plans.plan_draw, name="plan_draw"),
    path("plans/<int:plan_id>/teams/new/", plans.team_new, name="team_new"),
    path("plans/<int:plan_id>/report.<str:fmt>", plans.plan_report, name="plan_report"),
    path("teams/<int:team_id>/members/", plans.team_member, name="team_member"),
    path("teams/<int:team_id>/bodies/", plans.team_body, name="team_body"),
    path("samples/<int:sample_id>/", plans.sample_detail, name="sample"),
    path("notices/", outcomes.notice_list, name="notices"),
    path("notices/new/", outcomes.notice_new, name="notice_new"),
    path("notices/<int:notice_id>/", outcomes.notice_detail, name="notice"),
    path("notices/<int:notice_id>/issue/", outcomes.notice_issue, name="notice_issue"),
    path("notices/<int:notice_id>/file.<str:fmt>", outcomes.notice_file, name="notice_file"),
    path("items/<int:item_id>/respond/", outcomes.item_respond, name="item_respond"),
    path("items/<int:item_id>/verify/", outcomes.item_verify, name="item_verify"),
    path("attachments/<int:attachment_id>/", outcomes.attachment, name="attachment"),
    path("complaints/", complaints.complaint_list, name="complaints"),
    path("complaints/<int:complaint_id>/", complaints.complaint_detail, name="complaint"),
    path("complaints/<int:complaint_id>/accept/", complaints.complaint_accept, name="complaint_accept"),
    path("complaints/<int:complaint_id>/transfer/", complaints.complaint_transfer, name="complaint_transfer"),
    path("complaints/<int:complaint_id>/answer/", complaints.complaint_answer, name="complaint_answer"),
    path("practices/", practices.article_list, name="articles"),
    path("practices/new/", practices.article_new, name="article_new"),
    path("practices/<int:article_id>/edit/", practices.article_edit, name="article_edit"),
    path("practices/<int:article_id>/publish/", practices.article_publish, name="article_publish"),
]
