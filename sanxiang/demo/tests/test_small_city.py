"""`sanxiang demo` on a small city: who is there, which states the cases reach, and that it is real."""

from __future__ import annotations

import io
import json

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.management import call_command
from django.utils import timezone

from sanxiang.cases.choices import CaseState, Procedure
from sanxiang.cases.models import Case, CaseEvent, Deadline
from sanxiang.demo import data
from sanxiang.demo.services import build_demo, demo_accounts
from sanxiang.documents.models import Document
from sanxiang.ledger.verify import verify_ledger
from sanxiang.orgs.choices import ADMIN_ROLES, CREDENTIAL_ELIGIBLE_STAFF, CredentialStatus
from sanxiang.orgs.models import Credential, EnforcementBody, Officer, RoleGrant, User
from sanxiang.orgs.validators import is_valid_credit_code, is_valid_id_number

from .conftest import SMALL_CITY_CASES

pytestmark = pytest.mark.django_db


def test_it_builds_at_least_eight_enforcement_bodies_and_the_justice_bureau(demo):
    assert demo.created
    bodies = EnforcementBody.objects.all()
    assert bodies.filter(is_justice_bureau=False).count() >= 8
    assert bodies.get(is_justice_bureau=True).name == "河津市司法局"
    assert bodies.get(is_market_supervision=True).short_name == "河市监"
    for body in bodies:
        assert is_valid_credit_code(body.credit_code)
        assert body.region_code == "140882"
        assert {d.kind for d in body.departments.all()} >= {"handling", "legal_review"}
        assert body.legal_basis and body.duties and body.remedies and body.address and body.phone


def test_it_builds_about_eighty_officers_with_valid_identifiers(demo):
    officers = list(Officer.objects.prefetch_related("credentials"))
    assert 75 <= len(officers) <= 90
    assert all(is_valid_id_number(o.id_number) and o.id_number.startswith("140882") for o in officers)
    assert len({o.name for o in officers}) == len(officers)
    without_credential = [o for o in officers if o.staff_type not in CREDENTIAL_ELIGIBLE_STAFF]
    assert without_credential and not any(o.credentials.exists() for o in without_credential)
    assert (
        Officer.objects.filter(has_legal_qualification=True).exclude(legal_qualification_number="").count()
        >= 9
    )
    today = timezone.localdate()
    assert Credential.objects.filter(status=CredentialStatus.SUSPENDED).exists()
    assert Credential.objects.filter(valid_until__lt=today).exists()
    assert all(
        c.number.startswith("140882") and c.issuer == "山西省人民政府" for c in Credential.objects.all()
    )


def test_every_case_state_appears_at_least_once(demo):
    assert Case.objects.count() == SMALL_CITY_CASES
    assert set(Case.objects.values_list("state", flat=True)) == set(CaseState.values)
    assert set(Case.objects.values_list("procedure", flat=True)) == set(Procedure.values)


def test_some_statutory_deadlines_are_overdue(demo):
    today = timezone.localdate()
    overdue = Deadline.objects.filter(met_on__isnull=True, paused_on__isnull=True, due_date__lt=today)
    assert overdue.filter(kind="filing", case__state=CaseState.CLUE).exists()
    assert overdue.filter(kind="decision", case__state=CaseState.INVESTIGATION).exists()


def test_every_case_history_was_written_by_the_services_in_date_order(demo):
    today = timezone.localdate()
    for case in Case.objects.prefetch_related("events"):
        events = list(case.events.all())
        assert events[0].transition == "register"
        assert events[-1].to_state == case.state
        days = [e.effective_on for e in events]
        assert days == sorted(days) and days[-1] <= today
        assert all(e.ledger_index is not None for e in events)
    assert CaseEvent.objects.filter(transition="decide", actor__username__endswith=".chief").exists()


def test_every_closed_case_has_its_written_records(demo):
    from sanxiang.documents.gate import missing_records

    # (missing_records() reads the current state; a transferred case needed no service receipt.)
    closed = Case.objects.filter(state__in=[CaseState.CLOSED, CaseState.ARCHIVED], transferred_to="")
    assert closed.exists()
    assert all(missing_records(case) == [] for case in closed)
    assert Document.objects.filter(kind="interview_record").exists()


def test_the_ledger_verifies_after_the_demo(demo):
    report = verify_ledger()
    assert report.ok, report.problems
    assert report.entries >= CaseEvent.objects.count() + Document.objects.count()
    assert report.tree_heads >= 1  # the demo checkpoint; the archive export signs another


def test_a_second_run_creates_nothing(demo):
    counts = (Case.objects.count(), User.objects.count(), Officer.objects.count(), CaseEvent.objects.count())
    assert not build_demo(SMALL_CITY_CASES).created
    out = io.StringIO()
    call_command("demo", stdout=out)
    assert out.getvalue().startswith("演示数据已存在，未重复创建\n")
    assert (
        Case.objects.count(),
        User.objects.count(),
        Officer.objects.count(),
        CaseEvent.objects.count(),
    ) == counts


def test_every_demo_account_can_log_in_with_a_password_that_passes_the_validators(demo):
    accounts = demo_accounts()
    for account in accounts:
        user = User.objects.get(username=account["username"])
        validate_password(account["password"], user)
        assert (
            user.check_password(account["password"]) and not user.must_change_password and user.display_name
        )


def test_the_accounts_option_prints_only_json(demo):
    out = io.StringIO()
    call_command("demo", "--accounts", stdout=out)
    accounts = json.loads(out.getvalue())
    usernames = {a["username"] for a in accounts}
    keys = [b.key for b in data.BODIES if not b.is_justice_bureau]
    assert usernames >= {
        f"{k}.{seat}" for k in keys for seat in ("officer", "head", "chief", "review", "disclose")
    }
    assert usernames >= {"sfj.supervisor", "scj.msa", "sys.admin", "sec.admin", "audit.admin"}
    by_name = {a["username"]: a for a in accounts}
    assert by_name["scj.officer"] == {
        "username": "scj.officer",
        "password": data.DEMO_PASSWORD,
        "display_name": by_name["scj.officer"]["display_name"],
        "body": "河津市市场监督管理局",
        "roles": ["officer"],
        "role_labels": ["执法人员"],
    }
    assert by_name["sfj.supervisor"]["body"] is None and by_name["sfj.supervisor"]["roles"] == ["supervisor"]


def test_no_account_holds_an_admin_role_together_with_another_role(demo):
    for user in User.objects.filter(grants__role__in=ADMIN_ROLES).distinct():
        assert RoleGrant.objects.filter(user=user).count() == 1
    assert RoleGrant.objects.filter(role__in=ADMIN_ROLES).count() == 3


def test_open_cases_wait_in_the_states_of_the_legal_review(demo):
    """Issue 4: flagged demo cases in the review's states, driven through the review services."""
    from sanxiang.review.models import ManualFlag, Submission

    flagged = ManualFlag.objects.count()
    assert flagged >= 3
    statuses = set(
        Submission.objects.filter(case__review_flags__isnull=False).values_list("status", flat=True)
    )
    assert flagged < 4 or "pending" in statuses
    assert verify_ledger().ok


def test_every_domain_adds_its_demo_data(demo):
    """`sanxiang demo` runs each app's seed_demo (services.DOMAIN_DEMOS) on the same city."""
    from sanxiang.annualreport.models import AnnualReport
    from sanxiang.archive.models import Export
    from sanxiang.disclosure.models import ItemVersion
    from sanxiang.evaluation.models import Complaint, InspectionPlan, PracticeArticle
    from sanxiang.publication.models import Publication
    from sanxiang.supervision.models import Campaign, IndicatorSnapshot

    assert ItemVersion.objects.exists()
    assert Publication.objects.exists()
    assert AnnualReport.objects.exists()
    assert InspectionPlan.objects.exists() and PracticeArticle.objects.exists() and Complaint.objects.exists()
    assert Campaign.objects.exists() and IndicatorSnapshot.objects.exists()
    assert Export.objects.exists()
