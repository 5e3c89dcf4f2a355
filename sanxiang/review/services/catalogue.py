"""Writes to the catalogue, the benchmarks and a body's review settings (reference data)."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Max

from sanxiang.core.errors import Conflict, Forbidden, InvalidInput
from sanxiang.ledger.services import append as ledger_append
from sanxiang.orgs.models import EnforcementBody

from ..choices import CatalogueStatus
from ..forms import (
    CatalogueForm,
    CatalogueItemForm,
    DatedForm,
    PutInForceForm,
    RangeForm,
    ReviewRulesForm,
    ViolationTypeForm,
)
from ..models import BenchmarkRange, Catalogue, CatalogueItem, ReviewRules, ViolationType
from ..permissions import can_manage_catalogue
from .common import validated


def _check(actor, body_id: int | None) -> None:
    if not can_manage_catalogue(actor, body_id):
        raise Forbidden("您没有维护该目录或裁量基准的权限")


def _log(entry_kind: str, actor, subject: str, **payload) -> int:
    return ledger_append(
        entry_kind, subject_type="review.catalogue", subject_id=subject, actor=actor, payload=payload
    ).index


def _owner(body: EnforcementBody | None) -> str:
    return body.credit_code if body else "city"


def create_catalogue(actor, body: EnforcementBody | None, data) -> Catalogue:
    """A new draft version; optionally starting from the items of the owner's latest version."""
    _check(actor, body.pk if body else None)
    clean = validated(CatalogueForm, data)
    with transaction.atomic():
        rows = Catalogue.objects.select_for_update()
        rows = rows.filter(body=body) if body else rows.filter(body__isnull=True)
        latest = rows.order_by("-version").first()
        catalogue = Catalogue.objects.create(
            body=body,
            version=(latest.version + 1) if latest else 1,
            title=clean["title"],
            note=clean["note"],
            created_by=actor,
        )
        if clean["copy_previous"] and latest:
            CatalogueItem.objects.bulk_create(
                CatalogueItem(
                    catalogue=catalogue,
                    **{
                        f.name: getattr(item, f.name)
                        for f in CatalogueItem._meta.fields
                        if f.name not in ("id", "catalogue")
                    },
                )
                for item in latest.items.all()
            )
        _log(
            "review.catalogue_drafted",
            actor,
            str(catalogue.pk),
            owner=_owner(body),
            version=catalogue.version,
        )
    return catalogue


def _draft(catalogue: Catalogue) -> Catalogue:
    locked = Catalogue.objects.select_for_update().get(pk=catalogue.pk)
    if not locked.is_draft:
        raise Conflict("已施行的目录版本不得修改，请制定新版本")
    return locked


def add_item(actor, catalogue: Catalogue, data) -> CatalogueItem:
    """Add a criterion to a draft version (numbered next unless a free number is given)."""
    _check(actor, catalogue.body_id)
    clean = validated(CatalogueItemForm, data)
    with transaction.atomic():
        catalogue = _draft(catalogue)
        number = clean.pop("number") or (catalogue.items.aggregate(n=Max("number"))["n"] or 0) + 1
        if catalogue.items.filter(number=number).exists():
            raise InvalidInput(f"序号 {number} 已被使用", fields={"number": [f"序号 {number} 已被使用"]})
        item = CatalogueItem.objects.create(catalogue=catalogue, number=number, **clean)
        _log(
            "review.catalogue_item_added",
            actor,
            str(catalogue.pk),
            item=item.pk,
            number=number,
            kind=item.kind,
        )
    return item


def remove_item(actor, item: CatalogueItem) -> None:
    """Remove a criterion from a draft version."""
    _check(actor, item.catalogue.body_id)
    with transaction.atomic():
        catalogue = _draft(item.catalogue)
        _log("review.catalogue_item_removed", actor, str(catalogue.pk), item=item.pk, number=item.number)
        item.delete()


def put_in_force(actor, catalogue: Catalogue, data) -> Catalogue:
    """A draft becomes the version in force from `effective_from` (later than any earlier version's)."""
    _check(actor, catalogue.body_id)
    clean = validated(PutInForceForm, data)
    with transaction.atomic():
        catalogue = _draft(catalogue)
        if not catalogue.items.exists():
            raise Conflict("目录没有任何事项，不能施行")
        others = Catalogue.objects.filter(status=CatalogueStatus.IN_FORCE)
        others = (
            others.filter(body_id=catalogue.body_id)
            if catalogue.body_id
            else others.filter(body__isnull=True)
        )
        last = others.order_by("-effective_from").first()
        if last and clean["effective_from"] <= last.effective_from:
            message = f"施行日期须晚于现行第 {last.version} 版的施行日期（{last.effective_from:%Y-%m-%d}）"
            raise InvalidInput(message, fields={"effective_from": [message]})
        catalogue.status = CatalogueStatus.IN_FORCE
        catalogue.effective_from = clean["effective_from"]
        catalogue.save(update_fields=["status", "effective_from", "updated_at"])
        _log(
            "review.catalogue_in_force",
            actor,
            str(catalogue.pk),
            owner=_owner(catalogue.body),
            version=catalogue.version,
            effective_from=catalogue.effective_from,
            items=[i.number for i in catalogue.items.all()],
        )
    return catalogue


def publish(actor, catalogue: Catalogue, data) -> Catalogue:
    """L4 / REV-06: the catalogue is made public (the portal shows published versions)."""
    _check(actor, catalogue.body_id)
    day = validated(DatedForm, data)["date"]
    with transaction.atomic():
        catalogue = Catalogue.objects.select_for_update().get(pk=catalogue.pk)
        if catalogue.is_draft:
            raise Conflict("草稿不能公布，请先确定施行日期")
        if catalogue.published:
            raise Conflict(f"该版本已于 {catalogue.published_on:%Y-%m-%d} 公布")
        catalogue.published, catalogue.published_on = True, day
        catalogue.save(update_fields=["published", "published_on", "updated_at"])
        _log(
            "review.catalogue_published",
            actor,
            str(catalogue.pk),
            owner=_owner(catalogue.body),
            published_on=day,
        )
    return catalogue


def configure_rules(actor, body: EnforcementBody, data) -> ReviewRules:
    """REV-07: a body's review time limit and its one extension, in working days."""
    _check(actor, body.pk)
    clean = validated(ReviewRulesForm, data)
    with transaction.atomic():
        rules, _ = ReviewRules.objects.select_for_update().get_or_create(body=body)
        rules.time_limit_workdays = clean["time_limit_workdays"]
        rules.extension_workdays = clean["extension_workdays"]
        rules.save()
        _log("review.rules_changed", actor, _owner(body), **clean)
    return rules


def create_violation_type(actor, body: EnforcementBody | None, data) -> ViolationType:
    """A violation type of a body (or of the city when `body` is None) for the discretion benchmarks."""
    _check(actor, body.pk if body else None)
    clean = validated(ViolationTypeForm, data)
    try:
        with transaction.atomic():
            violation = ViolationType.objects.create(body=body, **clean)
            _log("review.benchmark_added", actor, _owner(body), violation=violation.pk, code=violation.code)
    except IntegrityError:
        raise InvalidInput("编码已存在", fields={"code": ["编码已存在"]}) from None
    return violation


def set_range(actor, violation: ViolationType, data) -> BenchmarkRange:
    """Create or replace the range of one circumstance."""
    _check(actor, violation.body_id)
    clean = validated(RangeForm, data)
    with transaction.atomic():
        row, _ = BenchmarkRange.objects.update_or_create(
            violation_type=violation, circumstance=clean.pop("circumstance"), defaults=clean
        )
        _log(
            "review.benchmark_range_set",
            actor,
            _owner(violation.body),
            violation=violation.pk,
            circumstance=row.circumstance,
            min_fine=row.min_fine,
            max_fine=row.max_fine,
            kinds=list(row.allowed_kinds),
        )
    return row


def set_violation_active(actor, violation: ViolationType, active: bool) -> ViolationType:
    """Withdraw a benchmark from new submissions (or restore it); rounds already submitted keep it."""
    _check(actor, violation.body_id)
    with transaction.atomic():
        violation.is_active = active
        violation.save(update_fields=["is_active", "updated_at"])
        _log("review.benchmark_active", actor, _owner(violation.body), violation=violation.pk, active=active)
    return violation
