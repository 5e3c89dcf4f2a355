"""Every read of disclosure: staff reads scoped through `rights` (orgs.access), public reads of
published content only (PUB-01), and the indicator inputs that supervision reads.
"""

from __future__ import annotations

import datetime
import difflib
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from sanxiang.core.errors import NotFound
from sanxiang.orgs.models import Credential, EnforcementBody

from . import rights
from .choices import ItemKind, PublicCredentialStatus, VersionStatus
from .content import spec
from .models import BasisChange, Item, ItemVersion, Window, WindowStaff

# --- staff reads ---------------------------------------------------------------------------------


def bodies_for(user) -> list[EnforcementBody]:
    """Bodies whose disclosure the user maintains or approves (every body for the approvers)."""
    rows = EnforcementBody.objects.filter(is_active=True).order_by("name")
    return [b for b in rows if rights.may_see_body(user, b.pk)]


def body_for(user, public_id) -> EnforcementBody:
    body = EnforcementBody.objects.filter(public_id=public_id).first()
    if body is None or not rights.may_see_body(user, body.pk):
        raise NotFound("执法主体不存在")
    return body


def items_of(user, body: EnforcementBody, kind: str | None = None) -> list[Item]:
    kinds = rights.visible_kinds(user, body.pk)
    if kind:
        kinds &= {kind}
    rows = Item.objects.filter(body=body, kind__in=kinds).select_related("latest", "published", "recheck")
    return list(rows.order_by("kind", "position", "id"))


def item_for(user, public_id) -> Item:
    item = (
        Item.objects.select_related("body", "latest", "published", "recheck")
        .filter(public_id=public_id)
        .first()
    )
    if item is None or item.kind not in rights.visible_kinds(user, item.body_id):
        raise NotFound("公示事项不存在")
    return item


def versions_of(item: Item) -> list[ItemVersion]:
    return list(
        item.versions.select_related("created_by", "submitted_by", "decided_by", "published_by").order_by(
            "-number"
        )
    )


def version_of(item: Item, number: int) -> ItemVersion:
    version = item.versions.filter(number=number).first()
    if version is None:
        raise NotFound("版本不存在")
    return version


def approval_queue(user) -> list[Item]:
    """Submitted items the user may approve, oldest first."""
    rows = (
        Item.objects.filter(latest__status=VersionStatus.SUBMITTED)
        .select_related("body", "latest")
        .order_by("latest__submitted_at")
    )
    return [i for i in rows if rights.may_approve(user, i.kind, i.body_id)]


def changes_of(user, body: EnforcementBody) -> list[BasisChange]:
    body_for(user, body.public_id)
    return list(BasisChange.objects.filter(body=body).select_related("declared_by"))


def windows_of(user, body: EnforcementBody) -> list[Window]:
    if not rights.may_manage(user, body.pk):
        return []
    return list(Window.objects.filter(body=body).prefetch_related("staff__officer"))


def window_for(user, public_id) -> Window:
    window = Window.objects.select_related("body").filter(public_id=public_id).first()
    if window is None or not rights.may_manage(user, window.body_id):
        raise NotFound("岗位信息公示牌不存在")
    return window


@dataclass(frozen=True)
class FieldDiff:
    label: str
    changed: bool
    lines: list[tuple[str, str]]  # (" ", "+", "-") marker and text


def diff(kind: str, old: dict | None, new: dict) -> list[FieldDiff]:
    """Field by field, line by line: what changed from `old` to `new` (the history page)."""
    rows = []
    old_rows = {name: text for name, _label, text in spec(kind).display(old or {})}
    for name, label, text in spec(kind).display(new):
        before = old_rows.get(name, "")
        lines = [
            (line[0], line[2:])
            for line in difflib.ndiff(before.splitlines(), text.splitlines())
            if line[:1] in (" ", "+", "-")
        ]
        rows.append(FieldDiff(label, before != text, lines))
    return rows


# --- public reads (no user): published content only ----------------------------------------------


def public_bodies() -> QuerySet[EnforcementBody]:
    return EnforcementBody.objects.filter(is_active=True).order_by("kind", "name")


def public_body(public_id) -> EnforcementBody:
    body = public_bodies().filter(public_id=public_id).first()
    if body is None:
        raise NotFound("执法主体不存在")
    return body


def published_items(body: EnforcementBody | None = None, kind: str | None = None) -> QuerySet[Item]:
    rows = Item.objects.filter(published__isnull=False, body__is_active=True).select_related(
        "body", "published", "recheck"
    )
    if body is not None:
        rows = rows.filter(body=body)
    if kind is not None:
        rows = rows.filter(kind=kind)
    return rows.order_by("body__name", "kind", "position", "id")


def public_item(public_id) -> Item:
    item = published_items().filter(public_id=public_id).first()
    if item is None:
        raise NotFound("公示事项不存在")
    return item


def public_versions(item: Item) -> list[ItemVersion]:
    """The versions that were ever public, newest first (drafts and returned versions never are)."""
    return list(item.versions.filter(published_at__isnull=False).order_by("-number"))


def public_version(item: Item, number: int) -> ItemVersion:
    version = item.versions.filter(number=number, published_at__isnull=False).first()
    if version is None:
        raise NotFound("版本不存在")
    return version


@dataclass(frozen=True)
class PublicCredential:
    """What the public may know of an officer's credential (PUB-01: never ID numbers or phones)."""

    number: str
    name: str
    body_name: str
    body_public_id: str
    fields: str
    issuer: str
    valid_from: datetime.date
    valid_until: datetime.date
    status: str

    @property
    def status_label(self) -> str:
        return PublicCredentialStatus(self.status).label

    @property
    def is_valid(self) -> bool:
        return self.status == PublicCredentialStatus.VALID

    def as_dict(self) -> dict:
        return {
            "number": self.number,
            "name": self.name,
            "body": self.body_name,
            "body_id": self.body_public_id,
            "fields": self.fields,
            "issuer": self.issuer,
            "valid_from": self.valid_from.isoformat(),
            "valid_until": self.valid_until.isoformat(),
            "status": self.status,
            "status_label": self.status_label,
        }


def live_status(credential: Credential, today: datetime.date | None = None) -> str:
    """CRED-02: suspended and revoked first, then the validity dates against today."""
    today = today or timezone.localdate()
    if credential.status != "valid":
        return credential.status
    if today > credential.valid_until:
        return PublicCredentialStatus.EXPIRED
    if today < credential.valid_from:
        return PublicCredentialStatus.NOT_YET_VALID
    return PublicCredentialStatus.VALID


# Officer columns no public page shows; deferred so that the portal's database role can be denied
# them (PUB-04, sanxiang/portal/dbrole.py).
_OFFICER_PRIVATE = ("id_number", "phone", "legal_qualification_number")


def _without_private(prefix: str) -> list[str]:
    return [f"{prefix}{column}" for column in _OFFICER_PRIVATE]


def _public(credential: Credential, today: datetime.date | None = None) -> PublicCredential:
    officer = credential.officer
    return PublicCredential(
        number=credential.number,
        name=officer.name,
        body_name=officer.body.name,
        body_public_id=str(officer.body.public_id),
        fields=credential.fields,
        issuer=credential.issuer,
        valid_from=credential.valid_from,
        valid_until=credential.valid_until,
        status=live_status(credential, today),
    )


def credential_check(number: str, today: datetime.date | None = None) -> PublicCredential:
    """The public status page of one credential number; an unknown number is a 404."""
    credential = (
        Credential.objects.select_related("officer__body")
        .defer(*_without_private("officer__"))
        .filter(number=number.strip())
        .first()
    )
    if credential is None:
        raise NotFound("未查询到该执法证件编号")
    return _public(credential, today)


def public_officers(body: EnforcementBody | None = None) -> list[PublicCredential]:
    """The officer list straight from the registry: active officers' credentials, newest first."""
    rows = (
        Credential.objects.filter(officer__is_active=True, officer__body__is_active=True)
        .select_related("officer__body")
        .defer(*_without_private("officer__"))
    )
    if body is not None:
        rows = rows.filter(officer__body=body)
    today = timezone.localdate()
    latest: dict[int, Credential] = {}
    for credential in rows.order_by("officer__body__name", "officer__name", "officer_id", "-valid_until"):
        latest.setdefault(credential.officer_id, credential)  # one line per officer: the latest credential
    return [_public(c, today) for c in latest.values()]


def public_windows(body: EnforcementBody) -> list[Window]:
    staff = (
        WindowStaff.objects.select_related("officer")
        .defer(*_without_private("officer__"))
        .prefetch_related(
            Prefetch("officer__credentials", queryset=Credential.objects.order_by("-valid_until"))
        )
    )
    return list(
        Window.objects.filter(body=body, is_active=True).prefetch_related(Prefetch("staff", queryset=staff))
    )


def public_window(public_id) -> Window:
    window = Window.objects.select_related("body").filter(public_id=public_id, is_active=True).first()
    if window is None:
        raise NotFound("岗位信息公示牌不存在")
    return window


@dataclass(frozen=True)
class BoardPerson:
    name: str
    post: str
    credential: PublicCredential | None


def board_people(window: Window) -> list[BoardPerson]:
    """Who is on duty: name, post and (if any) the current credential; nothing else (PUB-01)."""
    today = timezone.localdate()
    people = []
    for row in (
        window.staff.select_related("officer__body")
        .defer(*_without_private("officer__"))
        .order_by("position", "id")
    ):
        credentials = sorted(row.officer.credentials.all(), key=lambda c: c.valid_until, reverse=True)
        current = next((c for c in credentials if live_status(c, today) == "valid"), None)
        people.append(BoardPerson(row.officer.name, row.post, _public(current, today) if current else None))
    return people


# --- indicator inputs for supervision (DISC-12) -----------------------------------------------------


def _published(body: EnforcementBody, kind: str) -> QuerySet[Item]:
    return Item.objects.filter(body=body, kind=kind, published__isnull=False)


def body_info_published(body: EnforcementBody) -> bool:
    return _published(body, ItemKind.BODY_INFO).exists()


def item_list_published(body: EnforcementBody) -> bool:
    """The enforcement item list (行政执法事项清单) has at least one published item."""
    return _published(body, ItemKind.ENFORCEMENT_ITEM).exists()


def random_list_published(body: EnforcementBody) -> bool:
    """The random-inspection item list has at least one item approved by market supervision and published."""
    return _published(body, ItemKind.RANDOM_ITEM).exists()


def guides_and_flowcharts_current(body: EnforcementBody) -> bool:
    """At least one published guide and one flowchart, and none of them awaiting re-review (DISC-12)."""
    guides = _published(body, ItemKind.SERVICE_GUIDE)
    charts = _published(body, ItemKind.FLOWCHART)
    if not guides.exists() or not charts.exists():
        return False
    return not (
        guides.filter(recheck__isnull=False).exists() or charts.filter(recheck__isnull=False).exists()
    )


def _published_kinds(body_ids, kinds) -> dict[tuple[int, str], tuple[int, int]]:
    """{(body_id, kind): (published items, of which awaiting re-review)} in one grouped query."""
    rows = (
        Item.objects.filter(body_id__in=body_ids, kind__in=kinds, published__isnull=False)
        .order_by()
        .values("body_id", "kind")
        .annotate(n=Count("pk"), recheck=Count("pk", filter=Q(recheck__isnull=False)))
    )
    return {(r["body_id"], r["kind"]): (r["n"], r["recheck"]) for r in rows}


def item_list_published_many(body_ids) -> dict[int, bool]:
    """`item_list_published` for many bodies in one query."""
    ids = list(body_ids)
    found = _published_kinds(ids, [ItemKind.ENFORCEMENT_ITEM])
    return {b: (b, ItemKind.ENFORCEMENT_ITEM) in found for b in ids}


def random_list_published_many(body_ids) -> dict[int, bool]:
    """`random_list_published` for many bodies in one query."""
    ids = list(body_ids)
    found = _published_kinds(ids, [ItemKind.RANDOM_ITEM])
    return {b: (b, ItemKind.RANDOM_ITEM) in found for b in ids}


def guides_and_flowcharts_current_many(body_ids) -> dict[int, bool]:
    """`guides_and_flowcharts_current` for many bodies in one query."""
    ids, kinds = list(body_ids), [ItemKind.SERVICE_GUIDE, ItemKind.FLOWCHART]
    found = _published_kinds(ids, kinds)
    answers = {}
    for b in ids:
        rows = [found.get((b, kind)) for kind in kinds]
        answers[b] = all(rows) and not any(recheck for _, recheck in rows)
    return answers


def officers_listed(body: EnforcementBody) -> bool:
    return Credential.objects.filter(officer__body=body, officer__is_active=True).exists()


def items_pending_recheck(body: EnforcementBody) -> list[Item]:
    """DISC-12: published items still marked 待复核 after a declared change of law or duties."""
    return list(Item.objects.filter(body=body, recheck__isnull=False).select_related("recheck"))


def items_awaiting_approval(body: EnforcementBody) -> int:
    return Item.objects.filter(body=body, latest__status=VersionStatus.SUBMITTED).count()


def profile_gaps(body: EnforcementBody) -> list[str]:
    """DISC-12: the parts of the body's public profile that are missing or awaiting re-review."""
    gaps = []
    if not body_info_published(body):
        gaps.append("主体信息（主体、依据、职责权限、救济渠道）未公开")
    if not officers_listed(body):
        gaps.append("执法人员清单为空")
    if not item_list_published(body):
        gaps.append("行政执法事项清单未公开")
    if not random_list_published(body):
        gaps.append("随机抽查事项清单未公开")
    if not _published(body, ItemKind.SERVICE_GUIDE).exists():
        gaps.append("服务指南未公开")
    if not _published(body, ItemKind.FLOWCHART).exists():
        gaps.append("执法流程图未公开")
    pending = items_pending_recheck(body)
    if pending:
        gaps.append(f"{len(pending)} 项公示内容因依据变更待复核")
    return gaps


def bodies_with_pending_recheck() -> QuerySet[EnforcementBody]:
    return EnforcementBody.objects.filter(Q(disclosure_items__recheck__isnull=False)).distinct()
