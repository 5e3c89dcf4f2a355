"""AUTHZ-03 as a property: random procedure and review steps, legal and illegal, never let a flagged
case be decided without a review that passed, by someone who is not an investigator of the case."""

import contextlib
import datetime

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from sanxiang.cases import services as case_services
from sanxiang.cases.procedure import DECIDED_STATES
from sanxiang.core.errors import DomainError
from sanxiang.orgs.choices import Role
from sanxiang.orgs.services import grant_role
from sanxiang.review import classify, services
from sanxiang.review.choices import CollectiveConclusion, CoordinationOutcome, Opinion, SubmissionStatus
from sanxiang.review.gate import investigator_user_ids
from sanxiang.review.models import Classification, ManualFlag, Submission
from sanxiang.review.testing import checklist_input, materials_input, qualify
from sanxiang.testing import factories as f
from sanxiang.testing import flow

PROPOSALS = {
    "large_fine": {"penalty_kinds": ["warning", "fine"], "fine_amount": "50000"},
    "small_fine": {"penalty_kinds": ["warning", "fine"], "fine_amount": "5000"},
    "revocation": {"penalty_kinds": ["revoke_license"], "fine_amount": ""},
    "warning": {"penalty_kinds": ["warning"], "fine_amount": ""},
}
STEPS = {  # transition -> who normally does it (a random other actor is tried as well)
    "file_case": "head_a",
    "approve_review": "reviewer_a",
    "serve_notice": "officer_a",
    "waive_statement": "officer_a",
    "return_for_investigation": "reviewer_a",
    "decide": "chief_a",
    "serve_decision": "officer_a",
    "record_execution": "officer_a",
    "close": "head_a",
    "terminate": "chief_a",
}
ANYONE = ("officer_a", "officer_a2", "head_a", "chief_a", "reviewer_a", "officer_b", "supervisor")
REVIEWERS = ("reviewer_a", "officer_a2", "chief_a")  # officer_a2 investigates; chief_a decides


def flagged_when_decided(case) -> bool:
    decided = Classification.objects.filter(case=case, trigger="decide").order_by("id").first()
    earlier = Classification.objects.filter(case=case, major=True)
    if decided:
        earlier = earlier.filter(id__lt=decided.id)
    flags = ManualFlag.objects.filter(case=case).exclude(status="removed")
    final_major = classify.classify(case, case.final_penalties, case.decided_on).major
    return earlier.exists() or flags.exists() or final_major


def resolved_by_someone_else(case) -> bool:
    investigators = investigator_user_ids(case)
    decider = case.events.filter(transition="decide").values_list("actor_id", flat=True).first()
    for s in Submission.objects.filter(case=case, status=SubmissionStatus.DONE):
        if s.opinion == Opinion.APPROVE and s.reviewer_id not in investigators | {decider, s.submitted_by_id}:
            return True
        c = getattr(s, "coordination", None)
        if c and c.outcome == CoordinationOutcome.ACCEPT and c.decided_by_id not in investigators:
            return True
        if any(
            d.conclusion == CollectiveConclusion.DECIDE and d.recorded_by_id not in investigators
            for d in s.discussions.all()
        ):
            return True
    return False


def machine(cast, day):
    class ReviewWalk(RuleBasedStateMachine):
        def __init__(self):
            super().__init__()
            data = f.case_data(cast.body_a, cast.officers_a, registered_on=day - datetime.timedelta(days=5))
            data.update(
                discovered_on=data["registered_on"],
                violation_ended_on=data["registered_on"] - datetime.timedelta(days=3),
            )
            self.case = case_services.register_case(cast.officer_a, cast.body_a, data, [f.natural_party()])

        def _try(self, call, *args):
            with contextlib.suppress(DomainError):  # refusals are part of the walk
                call(*args)
            self.case.refresh_from_db()

        def _inputs(self, name):
            iso = day.isoformat()
            extra = {
                "serve_notice": {"service_method": "direct"},
                "serve_decision": {"service_method": "direct"},
                "record_execution": {"paid_amount": "999999"},
                "return_for_investigation": {"reason": "补充调查"},
                "terminate": {"reason": "终止"},
            }.get(name, {})
            if name == "decide":
                kinds = [p["kind"] for p in self.case.proposed_penalties]
                fine = next((p["amount"] for p in self.case.proposed_penalties if p["kind"] == "fine"), "")
                extra = dict(flow.DECISION_INPUT, penalty_kinds=kinds, fine_amount=fine or "")
            return {"date": iso, **extra}

        @rule(name=st.sampled_from(sorted(STEPS)), other=st.sampled_from(ANYONE), usual=st.booleans())
        def step(self, name, other, usual):
            actor = getattr(cast, STEPS[name] if usual else other)
            self._try(case_services.run_transition, actor, self.case.pk, name, self._inputs(name))

        @rule(proposal=st.sampled_from(sorted(PROPOSALS)))
        def submit_for_review(self, proposal):
            data = flow.submit_input(date=day.isoformat(), **PROPOSALS[proposal])
            self._try(case_services.run_transition, cast.officer_a, self.case.pk, "submit_for_review", data)

        @rule()
        def flag(self):
            self._try(
                services.flag_case,
                cast.officer_a,
                self.case.pk,
                {"factor": "complex", "reason": "多个法律关系", "date": day},
            )

        @rule(submitter=st.sampled_from(("officer_a", "head_a", "reviewer_a")))
        def submit(self, submitter):
            data = {"date": day, "resubmission_note": "补正后重新送审", **materials_input(self.case)}
            self._try(services.submit, getattr(cast, submitter), self.case.pk, data)

        def _open_round(self):
            return Submission.objects.filter(case=self.case).order_by("-round").first()

        @rule(reviewer=st.sampled_from(REVIEWERS))
        def accept(self, reviewer):
            if (s := self._open_round()) is not None:
                self._try(services.accept, getattr(cast, reviewer), s.pk, {"date": day})

        @rule(reviewer=st.sampled_from(REVIEWERS), verdict=st.sampled_from(Opinion.values))
        def opinion(self, reviewer, verdict):
            if (s := self._open_round()) is not None:
                data = {"date": day, "opinion": verdict, "reasons": "意见", **checklist_input()}
                self._try(services.give_opinion, getattr(cast, reviewer), s.pk, data)

        @rule(
            outcome=st.sampled_from(CoordinationOutcome.values),
            head=st.sampled_from(("chief_a", "officer_a2")),
        )
        def coordinate(self, outcome, head):
            if (s := self._open_round()) is None:
                return
            self._try(
                services.open_coordination, cast.officer_a, s.pk, {"date": day, "handling_position": "不同意"}
            )
            if (c := getattr(Submission.objects.get(pk=s.pk), "coordination", None)) is not None:
                data = {"date": day, "outcome": outcome, "reasons": "理由"}
                self._try(services.decide_coordination, getattr(cast, head), c.pk, data)

        @rule()
        def reassign_the_reviewer_as_investigator(self):
            if self.case.state not in DECIDED_STATES:
                officers = [o.pk for o in cast.officers_a] + [cast.reviewer_a.officer.pk]
                self._try(case_services.assign_officers, cast.head_a, self.case, officers)

        def _advance(self, reviewer):
            """The next ordinary step, so that walks reach the decision often; the other rules disturb."""
            case, state = self.case, self.case.state
            simple = {
                "clue": "file_case",
                "internal_review": "approve_review",
                "notice_pending": "serve_notice",
            }
            if state in simple:
                return self.step(simple[state], "officer_a", True)
            if state == "investigation":
                return self.submit_for_review("large_fine")
            if state == "notice" and not case.statement_waived_on:
                return self.step("waive_statement", "officer_a", True)
            latest = self._open_round()
            settled = latest is None or latest.status in ("done", "returned", "withdrawn")
            stale = (
                latest is None
                or latest.opinion != Opinion.APPROVE
                or latest.penalties != case.proposed_penalties
            )
            if state == "notice" and settled and stale:
                return self.submit("officer_a")
            if latest is not None and latest.status == SubmissionStatus.PENDING:
                return self.accept(reviewer)
            if latest is not None and latest.status == SubmissionStatus.UNDER_REVIEW:
                return self.opinion(reviewer, Opinion.APPROVE)
            if state in ("notice", "hearing"):
                return self.step("decide", "chief_a", True)
            return None

        @rule(reviewer=st.sampled_from(REVIEWERS))
        def advance(self, reviewer):
            self._advance(reviewer)

        @rule()
        def advance_again(self):
            self._advance("reviewer_a")

        @invariant()
        def no_flagged_decision_without_an_independent_review(self):
            case = self.case
            if case.state in DECIDED_STATES and flagged_when_decided(case):
                assert resolved_by_someone_else(case), f"case {case.pk} decided without an independent review"

    return ReviewWalk


@pytest.mark.django_db
def test_random_walks_never_decide_a_flagged_case_without_an_independent_review(cast):
    day = datetime.date.today() - datetime.timedelta(days=10)
    for user, officer in ((cast.officer_a2, cast.officers_a[1]), (cast.chief_a, None)):
        grant_role(user, Role.LEGAL_REVIEWER, cast.body_a)
        if officer is None:
            qualify(user, cast.body_a)
        else:
            officer.has_legal_qualification, officer.legal_qualification_number = True, "A1"
            officer.save()
    reviewer_officer = qualify(cast.reviewer_a, cast.body_a)
    reviewer_officer.department = f.handling_department(cast.body_a)
    reviewer_officer.save()
    run_state_machine_as_test(
        machine(cast, day),
        settings=settings(max_examples=12, stateful_step_count=25, deadline=None, derandomize=True),
    )
