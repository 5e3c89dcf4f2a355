"""Helpers for tests and the demo: get a case through legal review with the real services.

    from sanxiang.review.testing import pass_review
    pass_review(case, cast.reviewer_a, cast.officer_a, day)   # then flow.decide(...)

`pass_review` submits complete materials as the handling officer, accepts as the reviewer and
gives a 同意 opinion with every checklist point 符合. It creates what the reviewer lacks for
REV-02 (an Officer record with the legal professional qualification) in the case's body.
"""

from __future__ import annotations

import datetime
import itertools

from django.utils import timezone

from sanxiang.cases.models import Case
from sanxiang.orgs.choices import DepartmentKind, StaffType
from sanxiang.orgs.models import Officer
from sanxiang.orgs.validators import id_number_check_char

from . import services
from .choices import Checkpoint, Conclusion, Material
from .models import Submission
from .services.submissions import required_materials

_serial = itertools.count(1)


def _free_id_number() -> str:
    while True:
        n = next(_serial)
        first17 = f"14088219{70 + n // 10000 % 30:02d}0101{n % 1000:03d}"
        candidate = first17 + id_number_check_char(first17)
        if not Officer.objects.filter(id_number=candidate).exists():
            return candidate


def qualify(user, body) -> Officer:
    """Link `user` to an Officer of `body` holding the legal professional qualification (REV-02)."""
    officer = Officer.objects.filter(user=user).first()
    if officer is None:
        officer = Officer.objects.create(
            body=body,
            department=body.departments.filter(kind=DepartmentKind.LEGAL_REVIEW).first(),
            user=user,
            name=user.display_name or user.username,
            id_number=_free_id_number(),
            post="法制审核员",
            staff_type=StaffType.CIVIL_SERVANT,
            has_legal_qualification=True,
            legal_qualification_number="A20191401000001",
        )
    elif not officer.has_legal_qualification:
        officer.has_legal_qualification = True
        officer.legal_qualification_number = officer.legal_qualification_number or "A20191401000001"
        officer.save(update_fields=["has_legal_qualification", "legal_qualification_number", "updated_at"])
    if hasattr(user, "_sanxiang_grants"):
        del user._sanxiang_grants  # the cached grants carry the officer's department
    return officer


def materials_input(case: Case) -> dict:
    """Attached text for every material the case requires."""
    return {f"{code}_text": f"{Material(code).label}（见卷宗）" for code in required_materials(case)}


def checklist_input(conclusion: str = Conclusion.COMPLIANT) -> dict:
    data = {f"{code}_conclusion": conclusion for code in Checkpoint.values}
    data.update(
        {f"{code}_comment": "经审查，存在问题" for code in Checkpoint.values if conclusion == "noncompliant"}
    )
    return data


def submit_complete(case: Case, submitter_user, day: datetime.date, **extra) -> Submission:
    case.refresh_from_db()
    data = {"date": day.isoformat(), **materials_input(case)}
    if case.review_submissions.exists():
        data["resubmission_note"] = "已按审核意见补正，重新送审。"
    data.update(extra)
    return services.submit(submitter_user, case.pk, data)


def pass_review(case: Case, reviewer_user, submitter_user, day: datetime.date | None = None) -> Submission:
    """送审 + 受理 + 同意 through the services, on `day` (default today)."""
    day = day or timezone.localdate()
    qualify(reviewer_user, case.body)
    submission = submit_complete(case, submitter_user, day)
    services.accept(reviewer_user, submission.pk, {"date": day.isoformat()})
    opinion = {
        "date": day.isoformat(),
        "opinion": "approve",
        "reasons": "事实清楚，证据确凿，程序合法，同意。",
    }
    return services.give_opinion(reviewer_user, submission.pk, {**opinion, **checklist_input()})
