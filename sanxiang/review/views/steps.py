"""Step pages: flagging, submission, acceptance, opinion, extension, advisers, coordination, discussion."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from sanxiang.cases.views.common import use_select
from sanxiang.orgs import access
from sanxiang.orgs import permissions as perm

from .. import forms as f
from .. import selectors, services
from ..models import Coordination, ManualFlag
from ..permissions import FLAG_ACTIONS, may_on_case
from ..services.submissions import required_materials
from .common import require, staff_view, step_page


def _case_url(case) -> str:
    return reverse("review:case", args=[case.pk])


def _round_url(submission) -> str:
    return reverse("review:round", args=[submission.pk])


@staff_view
def flag(request, case_id: int):
    case = selectors.case_for(request.user, case_id)
    require(may_on_case(request.user, case, *FLAG_ACTIONS), "您没有标记本案的权限")
    return step_page(
        request,
        title="标记为重大执法决定",
        form_class=f.FlagForm,
        run=lambda data: services.flag_case(request.user, case.pk, data),
        done=lambda _flag: _case_url(case),
        back=_case_url(case),
        context={"case": case},
    )


def _flag(request, flag_id: int) -> ManualFlag:
    return access.get_for(request.user, ManualFlag.objects.select_related("case"), pk=flag_id)


@staff_view
def request_unflag(request, flag_id: int):
    row = _flag(request, flag_id)
    require(may_on_case(request.user, row.case, *FLAG_ACTIONS), "您没有申请撤销标记的权限")
    return step_page(
        request,
        title="申请撤销标记",
        form_class=f.ReasonForm,
        run=lambda data: services.request_flag_removal(request.user, row.pk, data),
        done=lambda _r: _case_url(row.case),
        back=_case_url(row.case),
        context={"case": row.case, "flag": row},
    )


@staff_view
def decide_unflag(request, flag_id: int):
    row = _flag(request, flag_id)
    require(may_on_case(request.user, row.case, perm.CASE_DECIDE), "撤销标记须经机关负责人批准")
    return step_page(
        request,
        title="审批撤销标记",
        form_class=f.ApprovalForm,
        run=lambda data: services.decide_flag_removal(request.user, row.pk, data),
        done=lambda _r: _case_url(row.case),
        back=_case_url(row.case),
        context={"case": row.case, "flag": row},
    )


@staff_view
@require_POST
def reclassify(request, case_id: int):
    case = selectors.case_for(request.user, case_id)
    row = services.reclassify(request.user, case.pk)
    messages.success(
        request, "已按现行目录重新判定：" + ("属于重大执法决定" if row.major else "不属于重大执法决定")
    )
    return redirect(_case_url(case))


@staff_view
def submit(request, case_id: int):
    case = selectors.case_for(request.user, case_id)
    require(may_on_case(request.user, case, perm.CASE_HANDLE), "只有承办机构可以送法制审核")
    violations = selectors.violation_types(case.body_id)

    def prepare(form):
        use_select(form, "violation_type", [(v.pk, str(v)) for v in violations])

    return step_page(
        request,
        title="送法制审核",
        form_class=f.SubmissionForm,
        run=lambda data: services.submit(request.user, case.pk, data),
        done=_round_url,
        back=_case_url(case),
        prepare=prepare,
        context={"case": case, "required": required_materials(case), "materials_form": True},
    )


def _round_step(request, submission_id: int, *, title, form_class, action, message, run, initial=None):
    submission = selectors.submission_detail(request.user, submission_id)
    require(may_on_case(request.user, submission.case, action), message)
    return step_page(
        request,
        title=title,
        form_class=form_class,
        run=lambda data: run(request.user, submission.pk, data),
        done=lambda _r: _round_url(submission),
        back=_round_url(submission),
        initial=initial,
        context={"case": submission.case, "submission": submission},
    )


@staff_view
def accept(request, submission_id: int):
    return _round_step(
        request, submission_id, title="受理送审", form_class=f.DatedForm, action=perm.CASE_REVIEW,
        message="只有法制审核人员可以受理送审", run=services.accept,
    )  # fmt: skip


@staff_view
def return_incomplete(request, submission_id: int):
    return _round_step(
        request, submission_id, title="材料不全退回", form_class=f.ReturnForm, action=perm.CASE_REVIEW,
        message="只有法制审核机构可以退回送审", run=services.return_incomplete,
    )  # fmt: skip


@staff_view
def opinion(request, submission_id: int):
    return _round_step(
        request, submission_id, title="出具法制审核意见", form_class=f.OpinionForm, action=perm.CASE_REVIEW,
        message="只有法制审核人员可以出具审核意见", run=services.give_opinion,
    )  # fmt: skip


@staff_view
def request_extension(request, submission_id: int):
    return _round_step(
        request, submission_id, title="申请延长审核期限", form_class=f.ExtensionForm, action=perm.CASE_REVIEW,
        message="只有法制审核人员可以申请延期", run=services.request_extension,
    )  # fmt: skip


@staff_view
def decide_extension(request, submission_id: int):
    return _round_step(
        request, submission_id, title="审批延长审核期限", form_class=f.ApprovalForm, action=perm.CASE_DECIDE,
        message="延长审核期限须经机关负责人批准", run=services.decide_extension,
    )  # fmt: skip


@staff_view
def adviser(request, submission_id: int):
    return _round_step(
        request, submission_id, title="记录法律顾问、公职律师意见", form_class=f.AdviserForm,
        action=perm.CASE_REVIEW, message="只有法制审核人员可以记录顾问意见", run=services.record_adviser_opinion,
    )  # fmt: skip


@staff_view
def open_coordination(request, submission_id: int):
    return _round_step(
        request, submission_id, title="对审核意见提出协调", form_class=f.CoordinationForm, action=perm.CASE_HANDLE,
        message="只有承办机构可以提出协调", run=services.open_coordination,
    )  # fmt: skip


def _coordination_step(request, coordination_id: int, *, title, form_class, action, message, run):
    rows = Coordination.objects.select_related("case", "submission")
    coordination = access.get_for(request.user, rows, pk=coordination_id)
    require(may_on_case(request.user, coordination.case, action), message)
    return step_page(
        request,
        title=title,
        form_class=form_class,
        run=lambda data: run(request.user, coordination.pk, data),
        done=lambda _r: _round_url(coordination.submission),
        back=_round_url(coordination.submission),
        context={
            "case": coordination.case,
            "submission": coordination.submission,
            "coordination": coordination,
        },
    )


@staff_view
def coordination_position(request, coordination_id: int):
    return _coordination_step(
        request, coordination_id, title="法制审核机构陈述意见", form_class=f.ReviewPositionForm,
        action=perm.CASE_REVIEW, message="只有法制审核机构可以陈述审核意见", run=services.state_review_position,
    )  # fmt: skip


@staff_view
def coordination_decision(request, coordination_id: int):
    return _coordination_step(
        request, coordination_id, title="协调决定", form_class=f.CoordinationDecisionForm,
        action=perm.CASE_DECIDE, message="协调意见须由机关负责人决定", run=services.decide_coordination,
    )  # fmt: skip


@staff_view
def discussion(request, case_id: int):
    case = selectors.case_for(request.user, case_id)
    require(may_on_case(request.user, case, perm.CASE_DECIDE), "集体讨论记录由机关负责人填报")
    return step_page(
        request,
        title="重大复杂案件集体讨论",
        form_class=f.CollectiveForm,
        run=lambda data: services.record_collective_discussion(request.user, case.pk, data),
        done=lambda _d: _case_url(case),
        back=_case_url(case),
        context={"case": case},
    )
