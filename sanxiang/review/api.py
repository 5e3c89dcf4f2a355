"""/api/v1/review: every step of the legal review, through the same services as the staff pages.

Every path starts with /review (the api app mounts the router at "/", like the cases router).
Cases are addressed by their public id, review rounds by their number within the case.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from ninja import Body, Router, Schema, Status

from sanxiang.core.errors import InvalidInput, NotFound
from sanxiang.core.ids import parse_public_id
from sanxiang.orgs.models import EnforcementBody

from . import selectors, serialize, services, statistics
from .forms import PeriodForm
from .models import ManualFlag, Submission
from .permissions import can_read_catalogue
from .services.common import validated

router = Router(tags=["法制审核"])
Payload = dict[str, Any]


class DutyOut(Schema):
    role: str
    who: str
    on: datetime.date | None
    at: datetime.datetime | None
    ledger_index: int | None
    detail: str


class AlertOut(Schema):
    case: str
    case_number: str
    round: int
    due_on: datetime.date
    light: str
    workdays_left: int


class StatisticsOut(Schema):
    body: str
    body_name: str
    reviews_done: int
    average_workdays: str | None
    overdue_done: int
    overdue_open: int
    return_rate: str | None
    incomplete_returns: int
    reviewers: int
    officers: int
    reviewer_share: str | None
    meets_reviewer_share: bool
    catalogue_published: bool
    decisions_without_review: list[str]


# --- input helpers ------------------------------------------------------------------------------


def _object(payload, name: str = "payload") -> dict:
    if payload is None:
        return {}
    if not isinstance(payload, dict):
        raise InvalidInput("请求内容应为 JSON 对象", fields={name: ["应为 JSON 对象"]})
    return payload


def _flatten(payload: dict, key: str, fields: tuple[str, ...]) -> dict:
    """{"materials": {"evidence_list": {"text": ...}}} -> {"evidence_list_text": ...} for the shared form."""
    data = {k: v for k, v in payload.items() if k != key}
    for code, entry in _object(payload.get(key), key).items():
        entry = _object(entry, f"{key}.{code}")
        data.update({f"{code}_{f}": entry[f] for f in fields if entry.get(f) is not None})
    return data


def _rows(value, fields: tuple[str, str], separator: str, name: str) -> str:
    if value is None or isinstance(value, str):
        return value or ""
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise InvalidInput("格式有误", fields={name: ["应为对象列表"]})
    return "\n".join(f"{v.get(fields[0], '')}{separator}{v.get(fields[1], '')}" for v in value)


def _case(request, case_id: str):
    return selectors.case_by_public_id(request.user, parse_public_id(case_id))


def _round(request, case_id: str, number: int) -> Submission:
    case = _case(request, case_id)
    submission = Submission.objects.filter(case=case, round=number).first()
    if submission is None:
        raise NotFound("送审轮次不存在")
    return submission


def _round_out(request, submission: Submission) -> dict:
    return serialize.submission(selectors.submission_detail(request.user, submission.pk), detail=True)


def _file(request, case) -> dict:
    file = selectors.review_file(request.user, case.pk)
    standing = file.standing
    return {
        "case": str(case.public_id),
        "case_number": case.display_number,
        "state": case.state,
        "flagged": standing.flagged,
        "reasons": standing.reasons,
        "passed": standing.passed,
        "passed_by": standing.basis,
        "problems": standing.problems,
        "classifications": [
            {
                "trigger": c.trigger,
                "day": c.day,
                "major": c.major,
                "reasons": c.reason_texts,
                "ledger_index": c.ledger_index,
            }
            for c in file.classifications
        ],
        "flags": [serialize.flag(f) for f in file.flags],
        "rounds": [serialize.submission(s) for s in file.rounds],
    }


# --- catalogue --------------------------------------------------------------------------------------


@router.get("/review/catalogues", summary="可查看的目录清单（全市通用目录及本机关目录的各版本）")
def catalogues(request):
    return [serialize.catalogue(c, with_items=False) for c in selectors.catalogues_for(request.user)]


@router.get("/review/catalogues/{catalogue_id}", summary="目录清单一个版本的事项")
def catalogue(request, catalogue_id: int):
    return serialize.catalogue(selectors.catalogue_detail(request.user, catalogue_id))


@router.get(
    "/review/bodies/{body_id}/catalogue", summary="执法主体在某日适用的目录（全市通用目录 + 本机关目录）"
)
def effective_catalogue(request, body_id: str, date: datetime.date | None = None):
    body = EnforcementBody.objects.filter(public_id=parse_public_id(body_id)).first()
    if body is None or not can_read_catalogue(request.user, body.pk):
        raise NotFound("执法主体不存在")
    day = date or timezone.localdate()
    return [
        {"catalogue": c.label, "version": c.version, **serialize.item(i)}
        for c, i in selectors.effective_catalogue(body, day)
    ]


# --- one case -----------------------------------------------------------------------------------------


@router.get("/review/cases/{case_id}", summary="案件的法制审核情况：判定、标记、各轮审核、能否作出决定")
def review_file(request, case_id: str):
    return _file(request, _case(request, case_id))


@router.post("/review/cases/{case_id}/reclassify", summary="按现行目录重新判定")
def reclassify(request, case_id: str):
    case = _case(request, case_id)
    services.reclassify(request.user, case.pk)
    return _file(request, case)


@router.post("/review/cases/{case_id}/flags", response={201: dict}, summary="人工标记为重大执法决定")
def flag(request, case_id: str, payload: Payload = Body(default=None)):  # noqa: B008
    case = _case(request, case_id)
    row = services.flag_case(request.user, case.pk, _object(payload))
    return Status(201, serialize.flag(row))


def _flag(request, case_id: str, flag_id: int) -> ManualFlag:
    row = ManualFlag.objects.filter(case=_case(request, case_id), pk=flag_id).first()
    if row is None:
        raise NotFound("标记不存在")
    return row


@router.post("/review/cases/{case_id}/flags/{flag_id}/removal", summary="申请撤销标记（须说明理由）")
def request_unflag(request, case_id: str, flag_id: int, payload: Payload = Body(default=None)):  # noqa: B008
    row = services.request_flag_removal(request.user, _flag(request, case_id, flag_id).pk, _object(payload))
    return serialize.flag(row)


@router.post("/review/cases/{case_id}/flags/{flag_id}/removal/decision", summary="机关负责人审批撤销标记")
def decide_unflag(request, case_id: str, flag_id: int, payload: Payload = Body(default=None)):  # noqa: B008
    row = services.decide_flag_removal(request.user, _flag(request, case_id, flag_id).pk, _object(payload))
    return serialize.flag(row)


@router.post(
    "/review/cases/{case_id}/submissions",
    response={201: dict},
    summary="送审（材料不全时 400 并列明缺少的材料）",
)
def submit(request, case_id: str, payload: Payload = Body(default=None)):  # noqa: B008
    case = _case(request, case_id)
    data = _flatten(_object(payload), "materials", ("link", "reference", "text"))
    return Status(201, _round_out(request, services.submit(request.user, case.pk, data)))


@router.get(
    "/review/cases/{case_id}/rounds/{number}", summary="一轮审核：材料、裁量基准核对、审核要点、意见、变化"
)
def get_round(request, case_id: str, number: int):
    return _round_out(request, _round(request, case_id, number))


def _step(name: str):
    def run(request, case_id: str, number: int, payload: Payload = Body(default=None)):  # noqa: B008
        submission = _round(request, case_id, number)
        data = _object(payload)
        if name == "give_opinion":
            data = _flatten(data, "checklist", ("conclusion", "comment"))
        result = getattr(services, name)(request.user, submission.pk, data)
        return _round_out(request, submission if not isinstance(result, Submission) else result)

    return run


for path, name, summary in (
    ("accept", "accept", "受理送审（审核时限起算）"),
    ("return", "return_incomplete", "材料不全退回（不起算时限）"),
    ("opinion", "give_opinion", "出具审核意见（七项要点 + 同意/需补正/不同意）"),
    ("extension", "request_extension", "申请延长审核期限"),
    ("extension/decision", "decide_extension", "机关负责人审批延期"),
    ("advisers", "record_adviser_opinion", "记录法律顾问、公职律师书面意见"),
    ("coordination", "open_coordination", "承办机构对审核意见提出协调"),
):
    router.add_api_operation(
        f"/review/cases/{{case_id}}/rounds/{{number}}/{path}",
        ["POST"],
        _step(name),
        summary=summary,
        operation_id=f"review_{name}",
    )


def _coordination_step(name: str):
    def run(request, case_id: str, number: int, payload: Payload = Body(default=None)):  # noqa: B008
        submission = _round(request, case_id, number)
        coordination = getattr(submission, "coordination", None)
        if coordination is None:
            raise NotFound("该轮审核没有协调")
        getattr(services, name)(request.user, coordination.pk, _object(payload))
        return _round_out(request, submission)

    return run


router.add_api_operation(
    "/review/cases/{case_id}/rounds/{number}/coordination/position",
    ["POST"],
    _coordination_step("state_review_position"),
    summary="法制审核机构陈述意见",
    operation_id="review_state_review_position",
)
router.add_api_operation(
    "/review/cases/{case_id}/rounds/{number}/coordination/decision",
    ["POST"],
    _coordination_step("decide_coordination"),
    summary="机关负责人协调决定（维持 / 采纳承办机构意见 / 集体讨论）",
    operation_id="review_decide_coordination",
)


@router.post("/review/cases/{case_id}/discussions", response={201: dict}, summary="集体讨论记录")
def discussion(request, case_id: str, payload: Payload = Body(default=None)):  # noqa: B008
    case = _case(request, case_id)
    data = dict(_object(payload))
    data["participants"] = _rows(data.get("participants"), ("name", "post"), "，", "participants")
    data["opinions"] = _rows(data.get("opinions"), ("name", "opinion"), "：", "opinions")
    row = services.record_collective_discussion(request.user, case.pk, data)
    return Status(
        201,
        {
            "id": row.pk,
            "held_on": row.held_on,
            "participants": row.participants,
            "opinions": row.opinions,
            "conclusion": row.conclusion,
            "ledger_index": row.ledger_index,
        },
    )


@router.get(
    "/review/cases/{case_id}/responsibility",
    response=list[DutyOut],
    summary="审核责任：送审、审核、顾问、协调、审批的人员与日志",
)
def responsibility(request, case_id: str):
    _file, duties = selectors.responsibility(request.user, _case(request, case_id).pk)
    return [d.__dict__ for d in duties]


# --- lists ----------------------------------------------------------------------------------------------


@router.get("/review/queue", summary="法制审核工作台：待受理和审核中的送审")
def queue(request):
    return [
        {
            "case": str(r.submission.case.public_id),
            "case_number": r.submission.case.display_number,
            "round": r.submission.round,
            "status": r.submission.status,
            "due_on": r.submission.due_on,
            "light": r.light,
            "workdays_left": r.workdays_left,
        }
        for r in selectors.queue(request.user, timezone.localdate())
    ]


@router.get("/review/alerts", response=list[AlertOut], summary="审核期限预警：已超期和 3 个工作日内到期")
def alerts(request):
    return [
        {
            "case": str(a.case.public_id),
            "case_number": a.case.display_number,
            "round": a.submission.round,
            "due_on": a.due_on,
            "light": a.light,
            "workdays_left": a.workdays_left,
        }
        for a in selectors.review_alerts(request.user, timezone.localdate())
    ]


@router.get(
    "/review/statistics",
    response=list[StatisticsOut],
    summary="法制审核统计（司法局执法监督人员、机关负责人）",
)
def review_statistics(request, start: str = "", end: str = "", body: str = ""):
    period = validated(PeriodForm, {"start": start, "end": end})
    body_id = None
    if body:
        found = EnforcementBody.objects.filter(public_id=parse_public_id(body)).first()
        if found is None:
            raise NotFound("执法主体不存在")
        body_id = found.pk
    rows = statistics.review_statistics(request.user, period["start"], period["end"], body_id)
    as_text = lambda value: None if value is None else str(value)  # noqa: E731
    return [
        {
            "body": str(r.body.public_id),
            "body_name": r.body.name,
            "reviews_done": r.reviews_done,
            "average_workdays": as_text(r.average_workdays),
            "overdue_done": r.overdue_done,
            "overdue_open": r.overdue_open,
            "return_rate": as_text(r.return_rate),
            "incomplete_returns": r.incomplete_returns,
            "reviewers": r.reviewers,
            "officers": r.officers,
            "reviewer_share": as_text(r.reviewer_share),
            "meets_reviewer_share": r.meets_reviewer_share,
            "catalogue_published": r.catalogue_published,
            "decisions_without_review": [str(c.public_id) for c in r.unreviewed_decisions],
        }
        for r in rows
    ]
