"""Flagged demo cases in every state of the legal review (issue 4), through the review services.

The case plans review only the cases whose decision is major, and always with an approving opinion,
just before the decision. This adds the rest of the picture to open cases that wait at the review
stage: flagged by hand and not yet submitted, a flag removal awaiting approval, submitted and
waiting for acceptance, returned as incomplete, under review (one of them past its time limit),
returned for correction, disapproved with a coordination open, sent to collective discussion with
its minutes, and approved but not yet decided. Idempotent: cases that carry a flag are skipped, and
a second run finds the states already present.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from sanxiang.cases.models import Case
from sanxiang.review import services as review
from sanxiang.review.choices import Checkpoint, Material
from sanxiang.review.models import ManualFlag
from sanxiang.review.services.submissions import SUBMITTABLE
from sanxiang.workdays.selectors import is_workday

from .city import load_casts

STATES = (
    "overdue",  # first: it goes to the oldest case, whose history ends before the backdated review
    "flagged",
    "removal_requested",
    "pending",
    "returned",
    "under_review",
    "correct",
    "coordination",
    "collective",
    "approved",
)
REASON = "案件情况疑难复杂，涉及多个法律关系，需经法制审核（演示数据）"


def _materials(case: Case, day: datetime.date) -> dict:
    texts = {
        Material.INVESTIGATION_REPORT: case.investigation_summary or f"{case.cause}调查终结报告",
        Material.EVIDENCE_LIST: "现场检查笔录、询问笔录、现场照片及视频",
        Material.PROPOSED_DECISION: "拟依法作出行政处罚",
        Material.DRAFT_DOCUMENT: f"《行政处罚决定书》代拟稿（{case.display_number}）",
        Material.DISCRETION: "依据本机关行政处罚裁量基准，结合违法情节、危害后果及当事人改正情况确定处罚幅度。",
    }
    if case.statement_received_on:
        texts[Material.STATEMENT] = case.statement_summary or "当事人陈述申辩材料"
    if case.hearing_held_on:
        texts[Material.HEARING_RECORD] = f"听证笔录及听证报告（{case.hearing_held_on:%Y年%m月%d日}）"
    return {"date": day, **{f"{code}_text": text for code, text in texts.items()}}


def _opinion(day: datetime.date, opinion: str, reasons: str) -> dict:
    data = {f"{code}_conclusion": "compliant" for code in Checkpoint.values}
    if opinion != "approve":
        data[f"{Checkpoint.FACTS}_conclusion"] = "noncompliant"
        data[f"{Checkpoint.FACTS}_comment"] = "违法所得计算依据不足，需补充进货凭证。"
    return {"date": day, "opinion": opinion, "reasons": reasons, **data}


def _workdays_before(day: datetime.date, count: int) -> datetime.date:
    while count:
        day -= datetime.timedelta(days=1)
        count -= is_workday(day)
    return day


def _drive(users: dict, case: Case, state: str, today: datetime.date) -> None:
    officer, reviewer, chief = users["officer"], users["review"], users["chief"]
    # The overdue review was accepted 15 working days ago; the others today.
    day = today
    if state == "overdue":
        last = case.events.order_by("-effective_on").values_list("effective_on", flat=True).first()
        backdated = _workdays_before(today, 15)
        day = backdated if last is None or last <= backdated else today
    flag = review.flag_case(officer, case.pk, {"date": day, "factor": "complex", "reason": REASON})
    if state == "flagged":
        return
    if state == "removal_requested":
        review.request_flag_removal(officer, flag.pk, {"date": today, "reason": "经核实案情并不复杂"})
        return
    submission = review.submit(officer, case.pk, _materials(case, day))
    if state == "pending":
        return
    if state == "returned":
        review.return_incomplete(
            reviewer, submission.pk, {"date": day, "missing": [], "note": "证据目录页码不连续"}
        )
        return
    review.accept(reviewer, submission.pk, {"date": day})
    if state in ("under_review", "overdue"):
        return
    if state == "correct":
        review.give_opinion(reviewer, submission.pk, _opinion(day, "correct", "请补充进货凭证后重新送审。"))
        return
    if state == "approved":
        review.give_opinion(
            reviewer, submission.pk, _opinion(day, "approve", "主体合法，程序合法，证据确凿。")
        )
        return
    review.give_opinion(
        reviewer, submission.pk, _opinion(day, "disapprove", "违法所得认定证据不足，不同意按拟处理意见决定。")
    )
    coordination = review.open_coordination(
        officer, submission.pk, {"date": day, "handling_position": "当事人已如实供述，违法所得可以认定。"}
    )
    if state == "coordination":
        return
    review.decide_coordination(
        chief, coordination.pk, {"date": day, "outcome": "collective", "reasons": "分歧较大"}
    )
    names = [chief.officer.name, users["head"].officer.name, reviewer.officer.name]
    review.record_collective_discussion(
        chief,
        case.pk,
        {
            "held_on": day,
            "presided_by": names[0],
            "participants": "\n".join(
                f"{n}，{post}" for n, post in zip(names, ("局长", "科长", "法制审核员"), strict=True)
            ),
            "opinions": f"{names[0]}：同意处罚\n{names[1]}：同意\n{names[2]}：保留意见",
            "conclusion": "decide",
            "conclusion_text": "经集体讨论，同意按承办机构意见作出行政处罚决定。",
        },
    )


def seed_review_states(today: datetime.date | None = None) -> int:
    """Put one open case of the first demo bodies into each review state; returns how many."""
    today = today or timezone.localdate()
    flagged = set(ManualFlag.objects.values_list("case_id", flat=True))
    if len(flagged) >= len(STATES):
        return 0
    done = 0
    casts = load_casts()
    pending = list(STATES)
    for cast in casts:
        candidates = (
            Case.objects.filter(body=cast.body, state__in=SUBMITTABLE, review_submissions__isnull=True)
            .exclude(pk__in=flagged)
            .order_by("registered_on", "pk")
        )
        for case in candidates:
            if not pending:
                return done
            _drive(cast.users, case, pending.pop(0), today)
            done += 1
    return done
