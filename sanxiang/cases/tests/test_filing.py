"""Registering a clue and filing it: CASE-01, CASE-03, CASE-04."""

import datetime

import pytest

from sanxiang.cases import services
from sanxiang.cases.choices import CaseState, DeadlineKind
from sanxiang.cases.models import CaseEvent
from sanxiang.core.errors import Conflict, Forbidden, InvalidInput
from sanxiang.orgs.models import Credential
from sanxiang.testing import factories as f

pytestmark = pytest.mark.django_db


def test_registering_a_clue_numbers_it_from_the_bodys_sequence_and_starts_the_filing_deadline(cast, new_case):
    first, second = new_case(), new_case()
    year = first.registered_on.year
    assert first.clue_number == f"河市监线〔{year}〕1号"
    assert second.clue_number == f"河市监线〔{year}〕2号"
    deadline = first.deadlines.get(kind=DeadlineKind.FILING)
    assert deadline.rule == "CASE-04" and deadline.count == 15 and deadline.unit == "workdays"
    assert first.events.get().transition == "register"


def test_filing_assigns_the_case_number_and_starts_the_90_day_decision_period(cast, new_case, today):
    case = new_case()
    case = services.run_transition(cast.head_a, case.pk, "file_case", {"date": today.isoformat()})
    assert case.state == CaseState.INVESTIGATION
    assert case.number == f"河市监立〔{today.year}〕1号"
    assert case.deadlines.get(kind=DeadlineKind.FILING).met_on == today
    decision = case.deadlines.get(kind=DeadlineKind.DECISION)
    assert (
        decision.rule == "CASE-05"
        and decision.count == 90
        and decision.due_date >= today + datetime.timedelta(days=90)
    )


def test_it_refuses_filing_with_fewer_than_two_competent_officers(cast, new_case, today):
    case = new_case()
    Credential.objects.filter(officer=cast.officers_a[1]).update(status="suspended")
    with pytest.raises(Conflict) as refused:
        services.run_transition(cast.head_a, case.pk, "file_case", {"date": today.isoformat()})
    assert "CASE-01" in refused.value.message
    case.refresh_from_db()
    assert case.state == CaseState.CLUE and case.number is None


def test_a_credential_expired_on_the_action_date_does_not_count(cast, new_case, today):
    case = new_case()
    Credential.objects.filter(officer=cast.officers_a[1]).update(
        valid_until=today - datetime.timedelta(days=1)
    )
    with pytest.raises(Conflict, match="CASE-01"):
        services.run_transition(cast.head_a, case.pk, "file_case", {"date": today.isoformat()})
    # ... but on a day when it was still valid the filing is allowed
    past = today - datetime.timedelta(days=2)
    case = services.run_transition(cast.head_a, case.pk, "file_case", {"date": past.isoformat()})
    assert case.state == CaseState.INVESTIGATION


def test_workers_without_established_posts_never_count_as_competent(cast, new_case, today):
    contract = f.make_officer(cast.body_a, "临时工甲", staff_type="contract", valid=False)
    case = new_case(officers=[cast.officers_a[0].pk, contract.pk])
    with pytest.raises(Conflict, match="CASE-01"):
        services.run_transition(cast.head_a, case.pk, "file_case", {"date": today.isoformat()})


@pytest.mark.parametrize(
    ("gap_days", "endangers", "harm", "allowed"),
    [
        (700, False, False, True),
        (760, False, False, False),
        (760, True, True, True),
        (760, True, False, False),
        (1900, True, True, False),
    ],
)
def test_the_limitation_period_is_two_years_or_five_with_harm_to_life_health_or_finance(
    cast, new_case, today, gap_days, endangers, harm, allowed
):
    case = new_case(
        violation_ended_on=today - datetime.timedelta(days=30 + gap_days),
        endangers_life_health_or_finance=endangers,
        harm_caused=harm,
    )
    if allowed:
        assert services.run_transition(cast.head_a, case.pk, "file_case", {}).state == CaseState.INVESTIGATION
    else:
        with pytest.raises(Conflict, match="CASE-03"):
            services.run_transition(cast.head_a, case.pk, "file_case", {})


def test_only_department_heads_file_cases(cast, new_case):
    case = new_case()
    with pytest.raises(Forbidden):
        services.run_transition(cast.officer_a, case.pk, "file_case", {})


def test_declining_to_file_closes_the_filing_deadline(cast, new_case):
    case = new_case()
    with pytest.raises(InvalidInput):
        services.run_transition(cast.head_a, case.pk, "decline_filing", {})
    case = services.run_transition(cast.head_a, case.pk, "decline_filing", {"reason": "违法事实不能成立"})
    assert case.state == CaseState.NOT_FILED
    assert not case.deadlines.filter(met_on__isnull=True).exists()


def test_bad_party_data_is_rejected_field_by_field_and_nothing_is_saved(cast):
    bad = f.natural_party()
    bad["id_number"] = "140882198503120001"
    with pytest.raises(InvalidInput) as error:
        services.register_case(cast.officer_a, cast.body_a, f.case_data(cast.body_a, cast.officers_a), [bad])
    assert "parties[0].id_number" in error.value.fields
    assert not CaseEvent.objects.exists()


def test_a_violation_cannot_end_after_its_discovery(cast, today):
    data = f.case_data(
        cast.body_a,
        cast.officers_a,
        violation_ended_on=today,
        discovered_on=today - datetime.timedelta(days=1),
    )
    with pytest.raises(InvalidInput) as error:
        services.register_case(cast.officer_a, cast.body_a, data, [f.natural_party()])
    assert "violation_ended_on" in error.value.fields


def test_an_officer_of_another_body_cannot_register_cases_here(cast):
    with pytest.raises(Forbidden):
        services.register_case(
            cast.officer_b, cast.body_a, f.case_data(cast.body_a, cast.officers_a), [f.natural_party()]
        )


def test_an_ordinary_case_needs_two_assigned_officers_and_an_on_the_spot_case_one(cast):
    one = [cast.officers_a[0]]
    with pytest.raises(InvalidInput) as error:
        services.register_case(
            cast.officer_a, cast.body_a, f.case_data(cast.body_a, one), [f.natural_party()]
        )
    assert "officers" in error.value.fields
    case = services.register_case(
        cast.officer_a, cast.body_a, f.case_data(cast.body_a, one, simplified=True), [f.natural_party()]
    )
    assert case.procedure == "simplified"
