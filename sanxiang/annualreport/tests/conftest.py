"""A closed year of hand-built enforcement in bodies A and B, whose report figures are known."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

import pytest
from django.utils import timezone

from sanxiang.cases import services
from sanxiang.evidence.testing import attach_av, evidence_storage  # noqa: F401 (fixture)
from sanxiang.orgs.choices import Role
from sanxiang.review.testing import pass_review
from sanxiang.testing import factories as f
from sanxiang.testing import flow
from sanxiang.workdays.selectors import add_workdays

MEASURE = {"measure_kind": "seize", "approval": "局长批准 河市监强审〔2025〕3号", "items": "过期食品 12 袋"}
OUTCOME = {"document": "河政复决字〔2025〕3号", "reason": "处罚明显不当"}


@pytest.fixture
def year() -> int:
    """The last closed calendar year: the one a report can be generated for."""
    return timezone.localdate().year - 1


@pytest.fixture
def discloser_a(cast):
    return f.make_user("a.disclose", Role.DISCLOSURE_STAFF, body=cast.body_a)


@pytest.fixture
def discloser_b(cast):
    return f.make_user("b.disclose", Role.DISCLOSURE_STAFF, body=cast.body_b)


def iso(day: datetime.date) -> str:
    return day.isoformat()


def register(cast, day: datetime.date, *, simplified: bool = False, body=None, actor=None, officers=None):
    body = body or cast.body_a
    data = f.case_data(
        body,
        officers or cast.officers_a,
        registered_on=day,
        discovered_on=day,
        violation_ended_on=day - datetime.timedelta(days=10),
        simplified=simplified,
    )
    return services.register_case(actor or cast.officer_a, body, data, [f.natural_party()])


def decided(cast, day: datetime.date, kinds: list[str], major: bool = False, **amounts):
    """An ordinary case of body A: notice, statement waived and decision all on `day`."""
    amounts.setdefault("fine_amount", "")  # flow's inputs carry a fine unless told otherwise
    case = register(cast, day - datetime.timedelta(days=2))
    flow.to_notice(cast, case, day, penalty_kinds=kinds, **amounts)
    services.run_transition(cast.officer_a, case.pk, "waive_statement", {"date": iso(day)})
    if major:  # REV-01: the city's default catalogue makes these decisions major
        pass_review(case, cast.reviewer_a, cast.officer_a, day)
    return flow.decide(cast, case, day, penalty_kinds=kinds, **amounts)


def on_the_spot(cast, day: datetime.date, number: str, kinds=("warning",), fine=None, body=None, actor=None):
    officers = None if body is None else [actor.officer]
    case = register(cast, day, simplified=True, body=body, actor=actor, officers=officers)
    data = {
        "date": iso(day),
        "form_number": number,
        "evidence": "现场照片",
        "penalty_basis": "《道路运输条例》第七十条",
        "credential_shown": True,
        "penalty_kinds": list(kinds),
    }
    if fine:
        data["fine_amount"] = fine
    return services.run_transition(actor or cast.officer_a, case.pk, "decide_on_the_spot", data)


@dataclass
class Built:
    year: int
    cases: dict = field(default_factory=dict)


# What the year built by `built_year` must give for body A (every other automatic line is 0).
EXPECTED_A = {
    "penalty_decisions": 5,
    "penalty_warning": 1,
    "penalty_fine": 1,
    "penalty_confiscation": 1,
    "penalty_license": 1,
    "penalty_qualification": 1,
    "penalty_on_the_spot": 1,
    "no_penalty_decisions": 1,
    "transferred": 1,
    "measure_seize": 1,
    "measure_extended": 1,
    "inspection_records": 1,
    "fine_total": "8000.00",
    "confiscation_total": "2000.00",
    "collected_total": "5000.00",
    "hearing_requested": 1,
    "hearing_held": 1,
    "reviews_done": 2,
    "review_approved": 2,
    "reconsideration_changed": 1,
    "litigation_revoked": 1,
}


@pytest.fixture
def built_year(cast, year, evidence_storage):  # noqa: F811
    """Body A: six decisions, a seizure, a hearing, two remedies; body B: one on-the-spot fine;
    plus a decision of the current year that no report of `year` may count."""
    day = lambda month, d: datetime.date(year, month, d)  # noqa: E731
    out = Built(year)
    fine = decided(cast, day(3, 3), ["warning", "fine"], fine_amount="5000")
    flow.record_inspection(cast, fine, day(3, 2))
    services.run_transition(
        cast.officer_a, fine.pk, "serve_decision", {"date": iso(day(3, 4)), "service_method": "direct"}
    )
    services.run_transition(
        cast.officer_a, fine.pk, "record_execution", {"date": iso(day(3, 10)), "paid_amount": "5000"}
    )
    out.cases["fine"] = fine

    conf = decided(
        cast,
        day(4, 3),
        ["warning", "fine", "confiscate_gains"],
        fine_amount="3000",
        confiscation_amount="2000",
    )
    change = dict(OUTCOME, date=iso(day(9, 1)), source="reconsideration", penalty_kinds=["warning"])
    services.run_transition(cast.chief_a, conf.pk, "change_decision", change)
    out.cases["confiscation"] = conf

    # STAT-02: 吊销许可证件 is heavier than 责令关闭, so the decision counts under 暂扣、吊销许可证件.
    licence = decided(cast, day(5, 6), ["revoke_license", "close"], major=True)
    revoke = dict(OUTCOME, date=iso(day(10, 9)), source="litigation", penalty_kinds=[])
    services.run_transition(cast.chief_a, licence.pk, "revoke_decision", revoke)
    out.cases["licence"] = licence

    # STAT-02: 降低资质等级 is heavier than 暂扣许可证件; this one goes through a hearing.
    qual = register(cast, day(6, 1))
    kinds = ["suspend_license", "lower_qualification"]
    flow.to_notice(cast, qual, day(6, 2), penalty_kinds=kinds, fine_amount="")
    services.run_transition(cast.officer_a, qual.pk, "request_hearing", {"date": iso(day(6, 3))})
    hearing_day = add_workdays(day(6, 4), 8).date
    schedule = {"date": iso(day(6, 4)), "hearing_date": iso(hearing_day), "host": cast.host_a.pk}
    services.run_transition(cast.officer_a, qual.pk, "schedule_hearing", schedule)
    services.run_transition(
        cast.officer_a, qual.pk, "record_hearing", {"date": iso(hearing_day), "reason": "当事人到场陈述"}
    )
    pass_review(qual, cast.reviewer_a, cast.officer_a, hearing_day)
    out.cases["qualification"] = flow.decide(cast, qual, hearing_day, penalty_kinds=kinds, fine_amount="")

    none = register(cast, day(7, 1))
    flow.to_notice(cast, none, day(7, 3), proposal="no_penalty", penalty_kinds=[], fine_amount="")
    services.run_transition(cast.officer_a, none.pk, "waive_statement", {"date": iso(day(7, 3))})
    out.cases["no_penalty"] = flow.decide(
        cast, none, day(7, 3), decision_kind="no_penalty", penalty_kinds=[], fine_amount=""
    )

    out.cases["spot"] = on_the_spot(cast, day(8, 1), "No.A0001")

    seized = register(cast, day(2, 1))
    services.run_transition(cast.head_a, seized.pk, "file_case", {"date": iso(day(2, 2))})
    attach_av(cast.officer_a, seized, "take_measure")
    services.run_transition(cast.officer_a, seized.pk, "take_measure", dict(MEASURE, date=iso(day(2, 3))))
    services.run_transition(
        cast.chief_a, seized.pk, "extend_measure", {"date": iso(day(2, 20)), "reason": "检验需要"}
    )
    transfer = {"date": iso(day(2, 25)), "reason": "涉嫌犯罪", "transferred_to": "河津市公安局"}
    out.cases["transferred"] = services.run_transition(cast.chief_a, seized.pk, "transfer", transfer)

    out.cases["b_spot"] = on_the_spot(
        cast, day(8, 1), "No.B0001", kinds=("fine",), fine="50", body=cast.body_b, actor=cast.officer_b
    )
    today = timezone.localdate()
    out.cases["this_year"] = on_the_spot(cast, today, "No.A0002", kinds=("fine",), fine="100")
    return out
