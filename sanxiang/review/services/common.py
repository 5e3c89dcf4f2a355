"""What every review service shares: validation, locking, dates and the ledger entry."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone

from sanxiang.cases.models import Case
from sanxiang.cases.services import form_data
from sanxiang.core.errors import Forbidden, InvalidInput
from sanxiang.ledger.services import append as ledger_append

from ..permissions import may_on_case


def checked(form_class: type[forms.Form], data, **kwargs) -> forms.Form:
    """Validate UI (QueryDict) or API (dict) input with the one shared form; 400 with field messages."""
    form = form_class(form_data(data), **kwargs)
    if not form.is_valid():
        raise InvalidInput(
            "提交的内容有误，请按提示修改", fields={k: [str(m) for m in v] for k, v in form.errors.items()}
        )
    return form


def validated(form_class: type[forms.Form], data, **kwargs) -> dict:
    return checked(form_class, data, **kwargs).cleaned_data


def require(user, case: Case, *actions: str, message: str) -> None:
    if not may_on_case(user, case, *actions):
        raise Forbidden(message)


def lock(case: Case) -> Case:
    """Lock the case row: review steps of one case queue behind each other and behind transitions."""
    return Case.objects.select_for_update().select_related("body").get(pk=case.pk)


def not_before(day: datetime.date, earlier: datetime.date | None, label: str) -> None:
    if earlier and day < earlier:
        raise InvalidInput(
            f"日期不得早于{label}（{earlier:%Y-%m-%d}）", fields={"date": [f"日期不得早于{label}"]}
        )


def today() -> datetime.date:
    return timezone.localdate()


def record(entry_kind: str, case: Case, actor, **payload) -> int:
    """The ledger entry of a review step, in the caller's transaction; no personal data in `payload`."""
    entry = ledger_append(
        entry_kind,
        subject_type="case",
        subject_id=str(case.public_id),
        actor=actor,
        actor_label="" if actor is not None else "system:review",
        payload={"body": case.body.credit_code, "case": case.display_number, **payload},
    )
    return entry.index
