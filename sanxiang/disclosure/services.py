"""Every write of disclosure: items and their versions, approvals, DISC-12 re-review, position boards.

Each service takes the acting user, checks the right through `rights` (orgs.access), locks the row
it changes, and appends its ledger entry in the same transaction (AUD-01). Ledger payloads carry
ids and content hashes only, never personal data.

The workflow of a version: draft -> submitted -> approved -> published (a submitted version may be
returned with a reason). Only a draft is edited in place; changing anything else makes a new version.
"""

from __future__ import annotations

import re

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from sanxiang.cases.services import form_data
from sanxiang.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from sanxiang.core.public_content import invalidate as invalidate_portal  # portal page cache (PUB-03)
from sanxiang.ledger.services import append as ledger_append
from sanxiang.orgs.models import EnforcementBody, Officer

from . import rights
from .choices import ChangeKind, ItemKind, VersionStatus
from .content import content_hash, plain_text, spec
from .forms import BasisChangeForm, ReturnForm, WindowForm
from .models import BasisChange, Item, ItemVersion, Window, WindowStaff


def validated(form_class, data, **kwargs) -> dict:
    """UI (QueryDict) or API (dict) input through the one form; 400 with Chinese field messages."""
    form = form_class(form_data(data), **kwargs)
    if not form.is_valid():
        raise InvalidInput(
            "提交的内容有误，请按提示修改", fields={k: [str(m) for m in v] for k, v in form.errors.items()}
        )
    return form.cleaned_data


def _record(event: str, item: Item, version: ItemVersion, actor, **extra) -> None:
    ledger_append(
        f"disclosure.item.{event}",
        subject_type="disclosure.item",
        subject_id=str(item.public_id),
        actor=actor,
        payload={
            "body": item.body.credit_code,
            "kind": item.kind,
            "version": version.number,
            "status": version.status,
            "content_sha256": version.content_hash,
            **extra,
        },
    )


def _body(user, body_id: int) -> EnforcementBody:
    body = EnforcementBody.objects.filter(pk=body_id).first()
    if body is None or not rights.may_see_body(user, body.pk):
        raise NotFound("执法主体不存在")
    return body


def _locked_item(user, item_id: int) -> Item:
    """The item row, locked; 404 when the user may not see it (AUTHZ-02)."""
    item = (
        Item.objects.select_for_update(of=("self",))
        .select_related("body", "latest", "published")
        .filter(pk=item_id)
        .first()
    )
    if item is None or item.kind not in rights.visible_kinds(user, item.body_id):
        raise NotFound("公示事项不存在")
    return item


def _require_manage(user, item: Item) -> None:
    if not rights.may_manage(user, item.body_id):
        raise Forbidden("只有本机关的公示工作人员可以编辑、报审和公开公示事项")


# --- items and versions --------------------------------------------------------------------------


def create_item(user, body_id: int, kind: str, data) -> Item:
    """A new item with its first version as a draft."""
    if kind not in ItemKind.values:
        raise NotFound("公示事项类别不存在")
    body = _body(user, body_id)
    if not rights.may_manage(user, body.pk):
        raise Forbidden("只有本机关的公示工作人员可以新增公示事项")
    content = validated(spec(kind).form, data)
    with transaction.atomic():
        EnforcementBody.objects.select_for_update().filter(pk=body.pk).first()
        if kind == ItemKind.BODY_INFO and Item.objects.filter(body=body, kind=kind).exists():
            raise Conflict("本机关已有主体信息，请修改现有条目")
        position = (Item.objects.filter(body=body, kind=kind).aggregate(m=Max("position"))["m"] or 0) + 1
        item = Item.objects.create(body=body, kind=kind, position=position, title=spec(kind).title(content))
        version = ItemVersion.objects.create(
            item=item, number=1, content=content, content_hash=content_hash(content), created_by=user
        )
        item.latest = version
        item.save(update_fields=["latest", "updated_at"])
        _record("created", item, version, user)
    return item


def edit_item(user, item_id: int, data) -> ItemVersion:
    """Change the content: the open draft in place, otherwise a new draft version."""
    with transaction.atomic():
        item = _locked_item(user, item_id)
        _require_manage(user, item)
        content = validated(spec(item.kind).form, data)
        latest = item.latest
        if latest.status == VersionStatus.SUBMITTED:
            raise Conflict("该版本已报送审核，审核完成或被退回前不能修改")
        digest = content_hash(content)
        if latest.status == VersionStatus.DRAFT:
            if digest == latest.content_hash:
                return latest
            latest.content, latest.content_hash = content, digest
            latest.save(update_fields=["content", "content_hash", "updated_at"])
            version, event = latest, "edited"
        else:
            if latest.status == VersionStatus.APPROVED:  # approved but never published: replaced
                latest.status, latest.superseded_at = VersionStatus.SUPERSEDED, timezone.now()
                latest.save(update_fields=["status", "superseded_at", "updated_at"])
            version = ItemVersion.objects.create(
                item=item, number=latest.number + 1, content=content, content_hash=digest, created_by=user
            )
            item.latest, event = version, "revised"
        item.title = spec(item.kind).title(content)
        item.save(update_fields=["latest", "title", "updated_at"])
        _record(event, item, version, user)
    return version


def submit(user, item_id: int) -> ItemVersion:
    """Send the draft for approval; a published item marked for re-review (DISC-12) is sent as it is."""
    with transaction.atomic():
        item = _locked_item(user, item_id)
        _require_manage(user, item)
        latest = item.latest
        if latest.status == VersionStatus.PUBLISHED and item.needs_recheck:
            latest = ItemVersion.objects.create(
                item=item,
                number=latest.number + 1,
                content=latest.content,
                content_hash=latest.content_hash,
                created_by=user,
            )
            item.latest = latest
            item.save(update_fields=["latest", "updated_at"])
        elif latest.status != VersionStatus.DRAFT:
            raise Conflict(f"只有草稿可以报送审核，当前版本{latest.get_status_display()}")
        latest.status = VersionStatus.SUBMITTED
        latest.submitted_by, latest.submitted_at = user, timezone.now()
        latest.return_reason = ""
        latest.save(update_fields=["status", "submitted_by", "submitted_at", "return_reason", "updated_at"])
        _record("submitted", item, latest, user)
    return latest


def _submitted(user, item_id: int) -> tuple[Item, ItemVersion]:
    item = _locked_item(user, item_id)
    if not rights.may_approve(user, item.kind, item.body_id):
        who = "市场监管部门" if item.kind == ItemKind.RANDOM_ITEM else "司法行政部门"
        raise Forbidden(f"{item.get_kind_display()}由{who}审核，您没有审核权限")
    latest = item.latest
    if latest.status != VersionStatus.SUBMITTED:
        raise Conflict(f"没有待审核的版本，当前版本{latest.get_status_display()}")
    if latest.submitted_by_id == user.pk:
        raise Conflict("报审人不能审核自己报送的版本")
    return item, latest


def approve(user, item_id: int) -> ItemVersion:
    """The justice bureau (or, for random-inspection items, market supervision) approves (RAND-04)."""
    with transaction.atomic():
        item, version = _submitted(user, item_id)
        version.status = VersionStatus.APPROVED
        version.decided_by, version.decided_at = user, timezone.now()
        version.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
        extra = {}
        # DISC-12: only a version sent after the change was declared answers the re-review.
        if item.recheck_id and version.submitted_at >= item.recheck.created_at:
            extra["recheck_cleared"] = str(item.recheck.public_id)
            item.recheck = None
            item.save(update_fields=["recheck", "updated_at"])
            invalidate_portal("disclosure.recheck_cleared")  # the 复核中 mark leaves the portal
        _record("approved", item, version, user, **extra)
    return version


def return_item(user, item_id: int, data) -> ItemVersion:
    reason = validated(ReturnForm, data)["reason"]
    with transaction.atomic():
        item, version = _submitted(user, item_id)
        version.status = VersionStatus.RETURNED
        version.decided_by, version.decided_at = user, timezone.now()
        version.return_reason = reason
        version.save(update_fields=["status", "decided_by", "decided_at", "return_reason", "updated_at"])
        _record("returned", item, version, user)
    return version


def publish(user, item_id: int) -> ItemVersion:
    """Make the approved version the public one; the one it replaces stays viewable as history."""
    with transaction.atomic():
        item = _locked_item(user, item_id)
        _require_manage(user, item)
        version = item.latest
        if version.status != VersionStatus.APPROVED:
            raise Conflict(f"只有审核通过的版本可以公开，当前版本{version.get_status_display()}")
        now = timezone.now()
        previous = item.published
        if previous is not None:
            previous.status, previous.superseded_at = VersionStatus.SUPERSEDED, now
            previous.save(update_fields=["status", "superseded_at", "updated_at"])
        version.status = VersionStatus.PUBLISHED
        version.published_by, version.published_at = user, now
        version.save(update_fields=["status", "published_by", "published_at", "updated_at"])
        item.published = version
        item.save(update_fields=["published", "updated_at"])
        _record("published", item, version, user, replaces=previous.number if previous else None)
        invalidate_portal("disclosure.published")  # portal page cache (sanxiang/portal/cache.py)
    return version


# --- DISC-12: a change in the law or in the duties -------------------------------------------------

_BRACKETS = re.compile(r"[《》〈〉\s]")


def law_keys(law: str) -> list[str]:
    """The names under which an item may cite a law: as given, and without 中华人民共和国."""
    name = _BRACKETS.sub("", law)
    keys = [name]
    if name.startswith("中华人民共和国") and len(name) > 9:
        keys.append(name.removeprefix("中华人民共和国"))
    return [k for k in keys if k]


def declare_basis_change(user, body_id: int, data) -> BasisChange:
    """DISC-12: record the change and send every affected published item back for review.

    Affected items stay public (the public must not lose the list) but are marked 待复核 until a
    version sent after this declaration is approved.
    """
    body = _body(user, body_id)
    if not rights.may_declare_change(user, body.pk):
        raise Forbidden("只有本机关公示工作人员或司法行政部门可以登记依据变更")
    published = Item.objects.filter(body=body, published__isnull=False)
    choices = [(str(i.public_id), i.title) for i in published]
    cleaned = validated(BasisChangeForm, data, item_choices=choices)
    with transaction.atomic():
        rows = list(published.select_for_update(of=("self",)).select_related("published"))
        if cleaned["items"]:
            chosen = set(cleaned["items"])
            affected = [i for i in rows if str(i.public_id) in chosen]
        elif cleaned["kind"] == ChangeKind.DUTIES:
            affected = rows
        else:
            keys = law_keys(cleaned["law"])
            affected = [
                i for i in rows if any(k in _BRACKETS.sub("", plain_text(i.published.content)) for k in keys)
            ]
        change = BasisChange.objects.create(
            body=body,
            kind=cleaned["kind"],
            law=cleaned["law"],
            changed_on=cleaned["changed_on"],
            note=cleaned["note"],
            affected=[str(i.public_id) for i in affected],
            declared_by=user,
        )
        ledger_append(
            "disclosure.basis_changed",
            subject_type="disclosure.body",
            subject_id=str(body.public_id),
            actor=user,
            payload={
                "body": body.credit_code,
                "change": str(change.public_id),
                "kind": change.kind,
                "law": change.law,
                "changed_on": change.changed_on,
                "items": change.affected,
            },
        )
        for item in affected:
            item.recheck = change
            item.save(update_fields=["recheck", "updated_at"])
            _record("recheck_required", item, item.published, user, change=str(change.public_id))
        if affected:
            invalidate_portal("disclosure.recheck_required")  # DISC-12 mark shown on the portal
    return change


# --- position boards (岗位信息公示牌) ------------------------------------------------------------------


def officer_choices(body: EnforcementBody) -> list[tuple[int, str]]:
    rows = Officer.objects.filter(body=body, is_active=True).order_by("name")
    return [(o.pk, f"{o.name}（{o.post}）" if o.post else o.name) for o in rows]


def save_window(user, body_id: int, data, window_id: int | None = None) -> Window:
    """Create or change a window and its staff on duty (officers of the same body only)."""
    body = _body(user, body_id)
    if not rights.may_manage(user, body.pk):
        raise Forbidden("只有本机关的公示工作人员可以维护岗位信息公示牌")
    cleaned = validated(WindowForm, data, officer_choices=officer_choices(body))
    staff = list(dict.fromkeys(cleaned.pop("staff")))
    with transaction.atomic():
        if window_id is None:
            if Window.objects.filter(body=body, name=cleaned["name"]).exists():
                raise InvalidInput("窗口名称已存在", fields={"name": ["本机关已有同名窗口"]})
            window = Window.objects.create(body=body, **cleaned)
            event = "created"
        else:
            window = Window.objects.select_for_update().filter(pk=window_id, body=body).first()
            if window is None:
                raise NotFound("岗位信息公示牌不存在")
            if Window.objects.filter(body=body, name=cleaned["name"]).exclude(pk=window.pk).exists():
                raise InvalidInput("窗口名称已存在", fields={"name": ["本机关已有同名窗口"]})
            for key, value in cleaned.items():
                setattr(window, key, value)
            window.save()
            event = "changed"
        kept = {s.officer_id: s for s in window.staff.all()}
        window.staff.exclude(officer_id__in=staff).delete()
        for position, officer_id in enumerate(staff):
            row = kept.get(officer_id)
            if row is None:
                WindowStaff.objects.create(window=window, officer_id=officer_id, position=position)
            elif row.position != position:
                row.position = position
                row.save(update_fields=["position"])
        ledger_append(
            f"disclosure.window.{event}",
            subject_type="disclosure.window",
            subject_id=str(window.public_id),
            actor=user,
            payload={"body": body.credit_code, "active": window.is_active, "staff": staff},
        )
        invalidate_portal(f"disclosure.window.{event}")  # position boards are on the body's page
    return window
