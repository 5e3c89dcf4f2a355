"""Every indicator against hand-built data whose right answer is known (issue 6 §1)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from sanxiang.cases import services as cases
from sanxiang.cases.models import Case, CaseEvent
from sanxiang.documents.tests.support import closed_penalty
from sanxiang.evidence.models import Device, RecorderPolicy
from sanxiang.evidence.testing import attach_av
from sanxiang.orgs.choices import CredentialStatus, StaffType
from sanxiang.orgs.models import Credential
from sanxiang.review import services as review_services
from sanxiang.review.testing import pass_review, qualify, submit_complete
from sanxiang.review.tests.test_catalogue import body_catalogue
from sanxiang.supervision import registry
from sanxiang.supervision.registry import Measure, Period, Status
from sanxiang.testing import factories as f
from sanxiang.testing import flow

from .conftest import measure, values

pytestmark = pytest.mark.django_db


def status(code, m):
    return registry.get(code).status(m)


def test_cred_valid_counts_officers_with_a_credential_valid_on_the_last_day(cast, period):
    today = timezone.localdate()
    f.make_officer(
        cast.body_a,
        "过期",
        valid_from=today - datetime.timedelta(days=900),
        valid_until=today - datetime.timedelta(days=1),
    )
    suspended = f.make_officer(cast.body_a, "暂扣")
    Credential.objects.filter(officer=suspended).update(status=CredentialStatus.SUSPENDED)
    f.make_officer(
        cast.body_a, "工勤", valid=False, staff_type=StaffType.WORKER
    )  # not an enforcement officer
    a, b = values("cred_valid", period, cast.body_a, cast.body_b)
    assert (a.numerator, a.denominator, a.value) == (4, 6, Decimal("0.6667"))
    assert status("cred_valid", a) == Status.FAIL
    assert (b.numerator, b.denominator, status("cred_valid", b)) == (1, 1, Status.PASS)
    drill = registry.get("cred_valid").drill(period, cast.body_a.pk)
    assert [r.label.split("（")[0] for r in drill if r.ok is False] == ["暂扣", "过期"]


def test_cred_valid_reads_the_credential_as_of_the_period_end(cast):
    today = timezone.localdate()
    f.make_officer(cast.body_b, "新证", valid_from=today - datetime.timedelta(days=5))
    earlier = Period(today - datetime.timedelta(days=400), today - datetime.timedelta(days=30))
    assert measure("cred_valid", earlier, cast.body_b).numerator == 1  # 孙环保 only
    assert measure("cred_valid", Period.rolling_year(today), cast.body_b).numerator == 2


def test_av_mandatory_counts_each_seizure_once_and_needs_its_own_av(
    cast, new_case, day, period, evidence_storage
):
    recorded = new_case()
    cases.run_transition(cast.head_a, recorded.pk, "file_case", {"date": day.isoformat()})
    attach_av(cast.officer_a, recorded, "take_measure")
    measure_input = {
        "measure_kind": "seize",
        "approval": "局长批准",
        "items": "过期食品 12 袋",
        "date": day.isoformat(),
        "reason": "涉嫌销售过期食品",
    }
    cases.run_transition(cast.officer_a, recorded.pk, "take_measure", measure_input)
    # An imported record of a seizure without any AV (the gate would refuse it today).
    legacy = new_case()
    attach_av(cast.officer_a, legacy, "field")  # AV of another step does not count
    for _ in range(2):
        CaseEvent.objects.create(
            case=legacy, transition="take_measure", to_state="investigation", effective_on=day
        )
    m = measure("av_mandatory", period, cast.body_a)
    assert (m.numerator, m.denominator, status("av_mandatory", m)) == (1, 2, Status.FAIL)
    drill = registry.get("av_mandatory").drill(period, cast.body_a.pk)
    recorded.refresh_from_db()
    assert [(r.label, r.ok) for r in drill] == [(legacy.clue_number, False), (recorded.number, True)]
    assert measure("av_mandatory", period, cast.body_b) is None  # nothing to measure


def test_av_field_counts_hearings_preservation_and_left_or_public_service(
    cast, new_case, day, period, evidence_storage
):
    case = new_case()
    attach_av(cast.officer_a, case, "record_hearing")
    events = [
        ("record_hearing", {}),
        ("preserve_evidence", {}),
        ("serve_decision", {"service_method": "left"}),
        ("serve_notice", {"service_method": "direct"}),  # a direct service needs no AV
    ]
    for name, data in events:
        CaseEvent.objects.create(
            case=case, transition=name, to_state="investigation", effective_on=day, data=data
        )
    m = measure("av_field", period, cast.body_a)
    assert (m.numerator, m.denominator) == (1, 3)
    outside = Period(day + datetime.timedelta(days=1), timezone.localdate())
    assert measure("av_field", outside, cast.body_a) is None


def test_recorder_ratio_needs_one_active_recorder_per_three_credentialed_officers(cast, period):
    Device.objects.create(body=cast.body_a, number="JL-1", kind="recorder")
    Device.objects.create(body=cast.body_a, number="JL-2", kind="recorder", status="retired")
    Device.objects.create(body=cast.body_a, number="XJ-1", kind="camera")
    a, b = values("recorder_ratio", period, cast.body_a, cast.body_b)
    assert (a.value, a.numerator, a.denominator) == (False, 1, 2)  # 4 officers -> 2 recorders
    assert (b.value, b.denominator) == (False, 1)
    RecorderPolicy.objects.create(body=cast.body_a, officers_per_device=5)
    assert measure("recorder_ratio", period, cast.body_a).value is True


def test_rev_catalogue_is_yes_only_for_a_published_own_catalogue(cast, period):
    body_catalogue(cast.chief_a, cast.body_a, [{"kind": "hearing", "title": "经过听证程序"}])
    a, b = values("rev_catalogue", period, cast.body_a, cast.body_b)
    assert (a.value, b.value) == (True, False)
    before = Period(datetime.date(2023, 1, 1), datetime.date(2023, 12, 31))
    assert measure("rev_catalogue", before, cast.body_a).value is False  # in force from 2024


def test_rev_reviewers_is_legal_reviewers_over_credentialed_officers(cast, period):
    a, b = values("rev_reviewers", period, cast.body_a, cast.body_b)
    assert (a.numerator, a.denominator, a.value) == (1, 4, Decimal("0.25"))
    assert (b.numerator, b.denominator, status("rev_reviewers", b)) == (0, 1, Status.FAIL)


def _major(cast, new_case, day, fine="50000"):
    case = new_case(days_ago=(timezone.localdate() - day).days + 10)
    flow.to_notice(cast, case, day, fine_amount=fine)
    cases.run_transition(cast.officer_a, case.pk, "waive_statement", {"date": day.isoformat()})
    case.refresh_from_db()
    return case


def _decide(cast, case, day):
    kinds = [p["kind"] for p in case.proposed_penalties]
    fine = next((p["amount"] for p in case.proposed_penalties if p["kind"] == "fine"), "")
    data = dict(flow.DECISION_INPUT, date=day.isoformat(), penalty_kinds=kinds, fine_amount=fine or "")
    return cases.run_transition(cast.chief_a, case.pk, "decide", data)


def test_rev_missing_counts_major_decisions_without_a_passed_review(cast, new_case, day, period):
    reviewed = _major(cast, new_case, day)
    pass_review(reviewed, cast.reviewer_a, cast.officer_a, day)
    _decide(cast, reviewed, day)
    minor = _major(cast, new_case, day, fine="5000")
    _decide(cast, minor, day)
    assert measure("rev_missing", period, cast.body_a).value == 0
    # A catalogue put in force retroactively makes the minor decision a major one without review.
    item = {"kind": "amount", "title": "较大数额罚款", "penalty_kinds": ["fine"], "threshold_person": "1000"}
    body_catalogue(cast.chief_a, cast.body_a, [item], effective=day - datetime.timedelta(days=5))
    m = measure("rev_missing", period, cast.body_a)
    assert (m.value, status("rev_missing", m)) == (1, Status.FAIL)
    assert [r.label for r in registry.get("rev_missing").drill(period, cast.body_a.pk)] == [
        minor.display_number
    ]


def test_rev_on_time_counts_late_opinions_and_reviews_still_open_past_due(cast, new_case, period):
    long_ago = timezone.localdate() - datetime.timedelta(days=60)
    on_time = _major(cast, new_case, long_ago)
    pass_review(on_time, cast.reviewer_a, cast.officer_a, long_ago)
    waiting = _major(cast, new_case, long_ago)
    qualify(cast.reviewer_a, cast.body_a)
    submission = submit_complete(waiting, cast.officer_a, long_ago)
    review_services.accept(cast.reviewer_a, submission.pk, {"date": long_ago.isoformat()})  # due 10 WD later
    m = measure("rev_on_time", period, cast.body_a)
    assert (m.numerator, m.denominator) == (1, 2)
    drill = registry.get("rev_on_time").drill(period, cast.body_a.pk)
    assert [r.ok for r in drill] == [False, True]


def test_rec_documents_needs_every_stage_on_file_at_closing(cast, new_case, day, period):
    complete = closed_penalty(cast, new_case, day)
    bare = new_case()
    cases.run_transition(cast.head_a, bare.pk, "file_case", {"date": day.isoformat()})
    Case.objects.filter(pk=bare.pk).update(state="closed", closed_on=day)  # an imported closed file
    m = measure("rec_documents", period, cast.body_a)
    assert (m.numerator, m.denominator) == (1, 2)
    drill = registry.get("rec_documents").drill(period, cast.body_a.pk)
    bare.refresh_from_db()
    assert drill[0].label == bare.number and "调查取证" in drill[0].detail and drill[0].ok is False
    assert drill[1].label == complete.display_number and drill[1].ok


def test_cases_overdue_counts_cases_with_a_running_deadline_past_due_at_the_end(cast, new_case, period):
    late = new_case(days_ago=40)  # registered 40 days ago, never filed: CASE-04 (15 WD) is past
    new_case(days_ago=1)
    a, b = values("cases_overdue", period, cast.body_a, cast.body_b)
    assert (a.value, b.value) == (1, 0)
    assert status("cases_overdue", a) == Status.FAIL and status("cases_overdue", b) == Status.PASS
    drill = registry.get("cases_overdue").drill(period, cast.body_a.pk)
    assert [r.label for r in drill] == [late.clue_number] and "CASE-04" in drill[0].detail
    earlier = Period(period.start, timezone.localdate() - datetime.timedelta(days=39))
    assert measure("cases_overdue", earlier, cast.body_a).value == 0
    cases.run_transition(cast.head_a, late.pk, "file_case", {"date": timezone.localdate().isoformat()})
    assert measure("cases_overdue", period, cast.body_a).value == 0


def test_shares_with_nothing_to_count_have_no_data(period):
    assert Measure.share(0, 0).value is None
    assert registry.get("rec_documents").status(Measure.share(0, 0)) == Status.NO_DATA
