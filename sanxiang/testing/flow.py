"""Drive a case through the procedure with sensible inputs (tests, benchmarks)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from sanxiang.cases import services
from sanxiang.cases.models import Case

DECISION_INPUT = {
    "decision_kind": "penalty",
    "penalty_kinds": ["warning", "fine"],
    "fine_amount": "5000",
    "evidence": "现场检查笔录、询问笔录、照片 6 张",
    "penalty_basis": "《中华人民共和国食品安全法》第一百二十四条第一款",
    "performance": "自收到本决定书之日起十五日内缴至指定银行",
    "reconsideration_organ": "河津市人民政府",
    "court": "河津市人民法院",
    "sealed": True,
}


def submit_input(**extra) -> dict:
    data = {
        "proposal": "penalty",
        "investigation_summary": "经查，当事人销售过期食品 12 袋，货值 96 元。",
        "legal_provisions": "《中华人民共和国食品安全法》第三十四条",
        "penalty_basis": "《中华人民共和国食品安全法》第一百二十四条第一款",
        "penalty_kinds": ["warning", "fine"],
        "fine_amount": "5000",
    }
    data.update(extra)
    return data


def iso(day: datetime.date) -> str:
    return day.isoformat()


def to_notice(cast, case: Case, day: datetime.date, **submit) -> Case:
    """From a clue to the notice served on `day` (filing and review on the same day)."""
    services.run_transition(cast.head_a, case.pk, "file_case", {"date": iso(day)})
    services.run_transition(
        cast.officer_a, case.pk, "submit_for_review", submit_input(date=iso(day), **submit)
    )
    services.run_transition(cast.reviewer_a, case.pk, "approve_review", {"date": iso(day)})
    return services.run_transition(
        cast.officer_a, case.pk, "serve_notice", {"date": iso(day), "service_method": "direct"}
    )


def decide(cast, case: Case, day: datetime.date, **extra) -> Case:
    data = dict(DECISION_INPUT, date=iso(day))
    data.update(extra)
    return services.run_transition(cast.chief_a, case.pk, "decide", data)


def record_inspection(cast, case: Case, day: datetime.date):
    """现场检查笔录 by the two assigned officers on `day` (REC-03 needs one before closing)."""
    from sanxiang.documents.services import issue_document

    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))
    start = min(start, timezone.now() - datetime.timedelta(hours=1))
    return issue_document(
        cast.officer_a,
        case,
        "inspection_record",
        {
            "started_at": start.isoformat(),
            "ended_at": (start + datetime.timedelta(minutes=45)).isoformat(),
            "place": "河津市城区街道",
            "inspectors": [o.pk for o in cast.officers_a],
            "recorder": cast.officers_a[1].pk,
            "findings": "当事人经营场所货架上摆放超过保质期的食品 12 袋。",
            "credential_shown": True,
        },
    )


def decided_with_witness(cast, day: datetime.date, party: dict, facts: str, qa: str | None = None) -> Case:
    """A penalty case of body A registered for `party` with `facts`, decided on `day` after the
    party waived a statement; with `qa`, a 询问笔录 of the witness 赵铁柱 (whose name and address
    are personal data of a third party: the PUB-01 tests look for them in every public output)."""
    from sanxiang.documents.services import issue_document
    from sanxiang.testing import factories as f

    data = f.case_data(
        cast.body_a,
        cast.officers_a,
        registered_on=day - datetime.timedelta(days=30),
        discovered_on=day - datetime.timedelta(days=30),
        violation_ended_on=day - datetime.timedelta(days=35),
        facts=facts,
    )
    case = services.register_case(cast.officer_a, cast.body_a, data, [party])
    to_notice(cast, case, day)
    if qa is not None:
        start = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))
        issue_document(
            cast.officer_a,
            case,
            "interview_record",
            {
                "started_at": start.isoformat(),
                "ended_at": (start + datetime.timedelta(minutes=30)).isoformat(),
                "place": "河津市市场监督管理局询问室",
                "credential_shown": True,
                "questioner": cast.officers_a[0].pk,
                "recorder": cast.officers_a[1].pk,
                "interviewee_name": "赵铁柱",
                "interviewee_address": "河津市龙门新村5号",
                "relation": "证人",
                "qa": qa,
            },
        )
    services.run_transition(cast.officer_a, case.pk, "waive_statement", {"date": iso(day)})
    return decide(cast, case, day)
