"""What every evaluation service shares: validation, rights, dates and the ledger entry."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone

from sanxiang.cases.services import form_data
from sanxiang.core.errors import Forbidden, InvalidInput
from sanxiang.ledger.services import append as ledger_append
from sanxiang.orgs import access
from sanxiang.orgs import permissions as perm


def checked(form_class: type[forms.Form], data, **kwargs) -> forms.Form:
    """Validate UI (QueryDict) or API (dict) input with the one shared form; 400 with field messages."""
    form = form_class(form_data(data), **kwargs)
    if not form.is_valid():
        raise InvalidInput(
            "提交的内容有误，请按提示修改", fields={k: [str(m) for m in v] for k, v in form.errors.items()}
        )
    return form


def today() -> datetime.date:
    return timezone.localdate()


def require_manager(user) -> None:
    """The justice bureau's supervision staff (SUPERVISION_MANAGE) run plans, notices and articles."""
    if not access.can(user, perm.SUPERVISION_MANAGE):
        raise Forbidden("仅司法局执法监督人员可以执行此操作")


def user_body_ids(user) -> set[int]:
    """The bodies a user belongs to: the officer record's body and every body-bound role grant."""
    ids = {g.body_id for g in access.grants_of(user) if g.body_id is not None}
    officer = getattr(user, "officer", None) if user is not None and user.is_authenticated else None
    if officer is not None:
        ids.add(officer.body_id)
    return ids


def record(entry_kind: str, subject_type: str, subject_id, actor, system: str = "", **payload) -> int:
    """The ledger entry, in the caller's transaction; ids and hashes only, never personal data."""
    entry = ledger_append(
        entry_kind,
        subject_type=subject_type,
        subject_id=str(subject_id),
        actor=actor,
        actor_label="" if actor is not None else (system or "system:evaluation"),
        payload=payload,
    )
    return entry.index
