"""The transition table itself, and random walks through it (property-based)."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sanxiang.cases import procedure, services
from sanxiang.cases.choices import CaseState, Procedure
from sanxiang.cases.models import Case, CaseEvent
from sanxiang.core.errors import DomainError
from sanxiang.orgs.permissions import ROLE_RIGHTS
from sanxiang.testing import factories as f
from sanxiang.testing import flow

TERMINAL = {CaseState.NOT_FILED, CaseState.ARCHIVED, CaseState.TERMINATED, CaseState.REVOKED}


def test_transition_names_are_unique_and_states_are_known():
    names = [t.name for t in procedure.TRANSITIONS]
    assert len(names) == len(set(names))
    for t in procedure.TRANSITIONS:
        assert t.sources <= set(CaseState.values)
        assert t.target is None or t.target in CaseState.values
        assert any(t.action in rights.actions for rights in ROLE_RIGHTS.values()), t.name


def test_every_non_terminal_state_has_a_way_out():
    for state in set(CaseState.values) - TERMINAL:
        leaving = [t for t in procedure.TRANSITIONS if state in t.sources and t.target not in (None, state)]
        assert leaving or state == CaseState.SUSPENDED, (
            state
        )  # SUSPENDED leaves through resume (dynamic target)


def test_every_state_is_reachable_from_a_clue():
    reached, frontier = {CaseState.CLUE}, [CaseState.CLUE]
    while frontier:
        state = frontier.pop()
        for t in procedure.TRANSITIONS:
            targets = (
                {t.target}
                if t.target
                else ({CaseState.EXECUTED} if t.name == "decide_on_the_spot" else set())
            )
            if t.name == "suspend":
                targets = {CaseState.SUSPENDED}
            for target in targets - reached if state in t.sources else set():
                reached.add(target)
                frontier.append(target)
    assert reached == set(CaseState.values)


def test_the_decision_has_a_declared_place_for_the_legal_review_gate():
    assert procedure.BY_NAME["decide"].gates == ("legal_review",)
    assert "legal_review" in procedure.GATES


def _inputs(name: str, cast, day: datetime.date) -> dict:
    iso = day.isoformat()
    common = {"date": iso, "reason": "测试"}
    return {
        "submit_for_review": flow.submit_input(date=iso),
        "serve_notice": dict(common, service_method="direct"),
        "record_statement": dict(common, statement_summary="无异议"),
        "schedule_hearing": dict(
            common, hearing_date=(day + datetime.timedelta(days=15)).isoformat(), host=cast.host_a.pk
        ),
        "decide": dict(flow.DECISION_INPUT, date=iso),
        "transfer": dict(common, transferred_to="河津市公安局"),
        "serve_decision": dict(common, service_method="direct"),
        "record_execution": dict(common, paid_amount="99999"),
        "decide_on_the_spot": dict(
            common,
            form_number="No.1",
            evidence="照片",
            penalty_basis="某条例",
            credential_shown=True,
            penalty_kinds=["warning"],
        ),
        "revoke_decision": dict(common, source="litigation", document="河行初字1号"),
        "change_decision": dict(
            common, source="litigation", document="河行初字2号", penalty_kinds=["warning"]
        ),
    }.get(name, common)


ACTORS = ("officer_a", "head_a", "chief_a", "reviewer_a", "officer_b", "supervisor")


@pytest.mark.django_db
@given(
    simplified=st.booleans(),
    walk=st.lists(
        st.tuples(
            st.sampled_from([t.name for t in procedure.TRANSITIONS]),
            st.sampled_from(ACTORS),
            st.integers(min_value=0, max_value=3),
        ),
        max_size=15,
    ),
)
def test_random_transition_sequences_never_break_the_invariants(cast, simplified, walk):
    day = datetime.date.today() - datetime.timedelta(days=80)
    data = f.case_data(
        cast.body_a,
        cast.officers_a,
        registered_on=day,
        discovered_on=day,
        violation_ended_on=day - datetime.timedelta(days=3),
        simplified=simplified,
    )
    case = services.register_case(cast.officer_a, cast.body_a, data, [f.natural_party()])
    for name, actor_name, step_days in walk:
        day = min(day + datetime.timedelta(days=step_days), datetime.date.today())
        before = Case.objects.get(pk=case.pk)
        events_before = CaseEvent.objects.filter(case=case).count()
        try:
            after = services.run_transition(
                getattr(cast, actor_name), case.pk, name, _inputs(name, cast, day)
            )
        except DomainError:
            # A refused step changes nothing at all.
            unchanged = Case.objects.get(pk=case.pk)
            assert unchanged.state == before.state and unchanged.updated_at == before.updated_at
            assert CaseEvent.objects.filter(case=case).count() == events_before
            continue
        t = procedure.BY_NAME[name]
        assert before.state in t.sources and before.procedure in t.procedures
        assert actor_name not in ("officer_b", "supervisor")  # never allowed to write A's case
        assert after.state in CaseState.values
        if (
            after.state in (CaseState.DECIDED, CaseState.SERVED, CaseState.EXECUTED)
            and after.state != before.state
        ):
            assert after.decided_on and after.decision_number
        if after.procedure == Procedure.SIMPLIFIED:
            assert after.number is None  # on-the-spot cases are never filed
    # The history is a chain: every event starts where the previous one ended.
    events = list(CaseEvent.objects.filter(case=case).order_by("id"))
    for previous, current in zip(events, events[1:], strict=False):
        assert current.from_state == previous.to_state
    assert events[-1].to_state == Case.objects.get(pk=case.pk).state


def test_docs_procedure_md_is_the_table():
    from pathlib import Path

    from sanxiang.cases.docgen import render

    path = Path(__file__).resolve().parents[3] / "docs" / "procedure.md"
    assert path.read_text(encoding="utf-8") == render(), "run: sanxiang procedure_doc > docs/procedure.md"
