"""Reads of the archive app, scoped to the acting user through orgs.access (AUTHZ-02)."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field

from django.db.models import QuerySet

from sanxiang.cases.models import Case, CaseEvent
from sanxiang.core.errors import NotFound
from sanxiang.documents.models import Document
from sanxiang.evidence.models import Evidence
from sanxiang.orgs import access
from sanxiang.orgs import permissions as perm

from .models import Export


def case_for(user, reference: str | int) -> Case:
    """A case by its 案件编号, 线索登记号, public id or primary key; 404 alike for missing and not visible.

    Exporting needs only `case.view`: whoever may read the case may read each of its files, and the
    export is recorded (AUD-01) like every such read.
    """
    cases = Case.objects.select_related("body", "department")
    if isinstance(reference, int):
        return access.get_for(user, cases, action=perm.CASE_VIEW, pk=reference)
    text = str(reference).strip()
    try:
        return access.get_for(user, cases, action=perm.CASE_VIEW, public_id=uuid.UUID(text))
    except ValueError:
        pass
    visible = access.scope(user, cases, perm.CASE_VIEW)
    case = visible.filter(number=text).first() or visible.filter(clue_number=text).first()
    if case is None:
        raise NotFound(f"案件“{text}”不存在或您无权查看")
    return case


def exports_of(user, case: Case) -> QuerySet[Export]:
    return access.scope(user, Export.objects.filter(case=case), perm.CASE_VIEW).select_related("actor")


def may_export(user, case: Case) -> bool:
    return access.allowed_on(user, case, perm.CASE_VIEW)


@dataclass
class Step:
    """One row of the case timeline: a procedure step, or a record made outside a step."""

    at: datetime.datetime
    title: str
    actor: str
    effective_on: datetime.date | None = None
    event: CaseEvent | None = None
    documents: list[Document] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)


def _who(user, label: str = "") -> str:
    if user is None:
        return label or "系统"
    officer = getattr(user, "officer", None)
    name = getattr(officer, "name", None) or user.get_full_name()
    return f"{name}（{user.get_username()}）" if name else user.get_username()


def timeline(user, case: Case) -> list[Step]:
    """The whole process in order: every step with who and when, its documents and its files.

    Documents and files that no step produced (manual records, field photos) are rows of their own,
    placed by when they were made.
    """
    from sanxiang.cases.templatetags.cases_ui import step_label

    events = list(CaseEvent.objects.filter(case=case).select_related("actor__officer").order_by("at", "id"))
    documents = access.scope(user, Document.objects.filter(case=case), perm.CASE_VIEW).select_related(
        "issued_by__officer"
    )
    evidence = access.scope(user, Evidence.objects.filter(case=case), perm.CASE_VIEW).select_related(
        "uploaded_by__officer"
    )
    steps = {
        e.pk: Step(
            at=e.at,
            title=step_label(e.transition),
            actor=_who(e.actor, e.actor_label),
            effective_on=e.effective_on,
            event=e,
        )
        for e in events
    }
    loose: list[Step] = []
    for document in documents.order_by("issued_at", "id"):
        if document.event_id in steps:
            steps[document.event_id].documents.append(document)
        else:
            loose.append(
                Step(
                    at=document.issued_at,
                    title=f"制作{document.title}",
                    actor=_who(document.issued_by),
                    effective_on=document.issued_on,
                    documents=[document],
                )
            )
    for item in evidence.order_by("created_at", "id"):
        if item.event_id in steps:
            steps[item.event_id].evidence.append(item)
        else:
            loose.append(
                Step(
                    at=item.created_at,
                    title=f"上传证据（{item.step_label}）",
                    actor=_who(item.uploaded_by),
                    effective_on=None,
                    evidence=[item],
                )
            )
    return sorted([*steps.values(), *loose], key=lambda s: s.at)
