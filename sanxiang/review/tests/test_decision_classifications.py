"""The stored classification of each decision (REV-01) that supervision's rev_missing counts
(review/decisions.py): written whenever the final penalties are set, read in SQL while current."""

import datetime

import pytest
from django.core.management import call_command

from sanxiang.cases import services as case_services
from sanxiang.cases.models import Case
from sanxiang.review import classify, decisions, statistics
from sanxiang.review.models import Classification
from sanxiang.review.testing import pass_review

from .conftest import decide
from .test_catalogue import body_catalogue

pytestmark = pytest.mark.django_db

LOW_FINE = {"kind": "amount", "title": "较大数额罚款", "penalty_kinds": ["fine"], "threshold_person": "1000"}
OUTCOME = {"source": "reconsideration", "document": "河政复决字〔2026〕3号", "reason": "处罚明显不当"}


def latest_decision_row(case) -> Classification:
    return Classification.objects.filter(case=case, trigger__in=decisions.DECISION_TRIGGERS).latest("id")


def test_a_decision_stores_the_classification_of_its_final_penalties_on_its_date(
    cast, major_case, reviewer, day
):
    case = major_case()
    pass_review(case, reviewer, cast.officer_a, day)
    decide(cast, case, day)
    row = latest_decision_row(case)
    assert (row.trigger, row.day, row.major) == ("decide", day, True)


def test_a_changed_decision_stores_the_new_penalties_classified_on_the_decision_date(
    cast, major_case, reviewer, day
):
    case = major_case()
    pass_review(case, reviewer, cast.officer_a, day)
    decide(cast, case, day)
    case_services.run_transition(
        cast.chief_a, case.pk, "change_decision", {**OUTCOME, "penalty_kinds": ["warning"]}
    )
    row = latest_decision_row(case)
    assert (row.trigger, row.day, row.major) == ("change_decision", day, False)
    assert [p["kind"] for p in row.penalties] == ["warning"]


def test_an_on_the_spot_decision_stores_its_classification(cast, new_case, today):
    case = new_case(simplified=True)
    data = {
        "form_number": "No.0012345",
        "evidence": "现场照片",
        "penalty_basis": "《道路运输条例》第七十条",
        "credential_shown": True,
        "penalty_kinds": ["fine"],
        "fine_amount": "50",
    }
    case = case_services.run_transition(cast.officer_a, case.pk, "decide_on_the_spot", data)
    row = latest_decision_row(case)
    assert (row.trigger, row.day, row.major) == ("decide_on_the_spot", case.decided_on, False)


def test_current_rows_answer_without_classifying_any_decision_again(
    cast, major_case, reviewer, day, monkeypatch
):
    reviewed = major_case()
    pass_review(reviewed, reviewer, cast.officer_a, day)
    decide(cast, reviewed, day)
    decide(cast, major_case(fine="5000"), day)
    monkeypatch.setattr(classify, "classify", lambda *a, **k: pytest.fail("classified again in Python"))
    assert statistics.unreviewed_decisions([cast.body_a.pk], day, day) == {}


def test_a_retroactive_catalogue_makes_the_row_stale_and_a_backfill_makes_it_current(cast, major_case, day):
    minor = major_case(fine="5000")
    decide(cast, minor, day)
    body_catalogue(cast.chief_a, cast.body_a, [LOW_FINE], effective=day - datetime.timedelta(days=5))
    stale = decisions.with_decision_state(Case.objects.filter(pk=minor.pk)).get()
    assert stale.decision_state == decisions.STALE
    assert statistics.unreviewed_decisions([cast.body_a.pk], day, day) == {cast.body_a.pk: [minor]}
    assert decisions.backfill(Case.objects.all()) == 1
    assert decisions.backfill(Case.objects.all()) == 0  # idempotent
    row = latest_decision_row(minor)
    assert (row.trigger, row.major, row.ledger_index) == ("backfill", True, None)
    assert decisions.with_decision_state(Case.objects.filter(pk=minor.pk)).get().decision_state == (
        decisions.CURRENT_MAJOR
    )


def test_decisions_without_a_stored_row_are_classified_and_backfilled_alike(
    cast, major_case, day, monkeypatch
):
    unreviewed = major_case()
    Case.objects.filter(pk=unreviewed.pk).update(
        decided_on=day, final_penalties=unreviewed.proposed_penalties, state="decided"
    )  # written around the services, as an import or the benchmark does
    minor = major_case(fine="5000")
    decide(cast, minor, day)
    assert not Classification.objects.filter(
        case=unreviewed, trigger__in=decisions.DECISION_TRIGGERS
    ).exists()
    before = statistics.unreviewed_decisions([cast.body_a.pk], day, day)
    assert before == {cast.body_a.pk: [unreviewed]}
    assert decisions.backfill(Case.objects.all()) == 1
    monkeypatch.setattr(classify, "classify", lambda *a, **k: pytest.fail("classified again in Python"))
    assert statistics.unreviewed_decisions([cast.body_a.pk], day, day) == before


def test_the_decisions_command_makes_stale_rows_current(cast, major_case, day, capsys):
    minor = major_case(fine="5000")
    decide(cast, minor, day)
    body_catalogue(cast.chief_a, cast.body_a, [LOW_FINE], effective=day - datetime.timedelta(days=5))
    call_command("review", "decisions")
    assert "已为 1 件决定补记" in capsys.readouterr().err
    assert decisions.with_decision_state(Case.objects.filter(pk=minor.pk)).get().decision_state == (
        decisions.CURRENT_MAJOR
    )
    assert latest_decision_row(minor).major
