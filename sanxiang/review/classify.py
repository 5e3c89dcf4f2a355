"""Which decisions are major: a body's catalogue in force on a date, run over a case's penalties.

Pure apart from reading the catalogue rows: no writes, so the gate can call it inside a
transition that may still be refused. Every hit carries a sentence a user can read, e.g.
"罚款 150000 元 ≥ 法人较大数额标准 100000 元，目录第 3 项".
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db.models import Prefetch

from sanxiang.cases.choices import PartyKind, PenaltyKind

from .choices import CatalogueStatus, CriterionKind
from .models import Catalogue, CatalogueItem


def yuan(value) -> str:
    """An amount as people write it: 150000, 2500.5."""
    amount = Decimal(value)
    if amount == amount.to_integral_value():
        return str(amount.quantize(Decimal(1)))
    return format(amount.normalize(), "f")


def amount_of(item: dict) -> Decimal:
    try:
        return Decimal(item.get("amount") or "0")
    except (InvalidOperation, TypeError, ValueError):
        return Decimal("0")


def kind_label(kind: str) -> str:
    return PenaltyKind(kind).label if kind in PenaltyKind.values else kind


def describe(penalties: list[dict]) -> str:
    """ "警告、罚款 5000 元" — the penalties in one line."""
    parts = []
    for p in penalties:
        amount = amount_of(p)
        parts.append(f"{kind_label(p['kind'])}{f' {yuan(amount)} 元' if amount else ''}")
    return "、".join(parts) or "不予处罚"


def penalty_key(penalties: list[dict]) -> list[tuple[str, str]]:
    """A comparable form of a penalty list (order and amount formatting do not matter)."""
    return sorted((p["kind"], yuan(amount_of(p))) for p in penalties)


def covers(reviewed: list[dict], final: list[dict]) -> bool:
    """Whether the final penalties stay within what the review saw: same or fewer kinds, no higher amounts."""
    allowed: dict[str, Decimal] = {}
    for p in reviewed:
        allowed[p["kind"]] = allowed.get(p["kind"], Decimal("0")) + amount_of(p)
    return all(p["kind"] in allowed and amount_of(p) <= allowed[p["kind"]] for p in final)


@dataclass(frozen=True)
class Reason:
    item_id: int | None
    text: str

    def as_dict(self) -> dict:
        return {"item": self.item_id, "text": self.text}


@dataclass(frozen=True)
class Result:
    major: bool
    reasons: list[Reason] = field(default_factory=list)
    city: Catalogue | None = None
    own: Catalogue | None = None

    @property
    def texts(self) -> list[str]:
        return [r.text for r in self.reasons]


def in_force(body_id: int | None, day: datetime.date) -> Catalogue | None:
    """The version of a body's own catalogue (or the city default, body_id=None) in force on `day`."""
    rows = Catalogue.objects.filter(status=CatalogueStatus.IN_FORCE, effective_from__lte=day)
    rows = rows.filter(body__isnull=True) if body_id is None else rows.filter(body_id=body_id)
    items = Prefetch("items", queryset=CatalogueItem.objects.order_by("number"))
    return rows.select_related("body").prefetch_related(items).order_by("-effective_from", "-version").first()


def effective(body_id: int, day: datetime.date) -> tuple[Catalogue | None, Catalogue | None]:
    """The city default and the body's own version in force on `day`; together they are its catalogue."""
    return in_force(None, day), in_force(body_id, day)


def party_kind(case, kinds: list[str] | None = None) -> str:
    """The natural-person threshold applies as soon as one party is a natural person (as for CASE-09)."""
    kinds = [p.kind for p in case.parties.all()] if kinds is None else kinds
    if PartyKind.NATURAL_PERSON in kinds:
        return PartyKind.NATURAL_PERSON
    return kinds[0] if kinds else PartyKind.LEGAL_PERSON


def where(item: CatalogueItem, catalogue: Catalogue) -> str:
    owner = "全市通用目录" if catalogue.is_city_default else "目录"
    return f"{owner}第 {item.number} 项"


def _match(item: CatalogueItem, catalogue: Catalogue, penalties, party: str, hearing_on) -> str:
    if item.kind == CriterionKind.PENALTY_KIND:
        hits = [kind_label(p["kind"]) for p in penalties if p["kind"] in item.penalty_kinds]
        if hits:
            return f"拟处罚种类含“{'、'.join(hits)}”，属{where(item, catalogue)}“{item.title}”"
    elif item.kind == CriterionKind.AMOUNT:
        natural = party == PartyKind.NATURAL_PERSON
        threshold = item.threshold_person if natural else item.threshold_org
        hits = [p for p in penalties if p["kind"] in item.penalty_kinds]
        total = sum((amount_of(p) for p in hits), Decimal("0"))
        if hits and threshold is not None and total > 0 and total >= threshold:
            labels = "、".join(dict.fromkeys(kind_label(p["kind"]) for p in hits))
            who = PartyKind(party).label
            return f"{labels} {yuan(total)} 元 ≥ {who}较大数额标准 {yuan(threshold)} 元，{where(item, catalogue)}"
    elif item.kind == CriterionKind.HEARING and hearing_on:
        return f"已于 {hearing_on:%Y-%m-%d} 举行听证，属{where(item, catalogue)}“{item.title}”"
    return ""


def classify(
    case,
    penalties: list[dict],
    day: datetime.date,
    *,
    catalogues: tuple[Catalogue | None, Catalogue | None] | None = None,
    party: str | None = None,
) -> Result:
    """Run the catalogue in force on `day` over `penalties` (FACTOR items need a hand-made flag).

    `catalogues` and `party` may be given by callers that classify many cases at once.
    """
    city, own = catalogues if catalogues is not None else effective(case.body_id, day)
    hearing_on = case.hearing_held_on if case.hearing_held_on and case.hearing_held_on <= day else None
    party = party or party_kind(case)
    reasons = []
    for catalogue in (c for c in (city, own) if c is not None):
        for item in catalogue.items.all():
            text = _match(item, catalogue, penalties, party, hearing_on)
            if text:
                reasons.append(Reason(item.pk, text))
    return Result(bool(reasons), reasons, city, own)


def factor_item(body_id: int, factor: str, day: datetime.date) -> tuple[CatalogueItem, Catalogue] | None:
    """The catalogue item naming a hand-stated factor, to cite it in the flag's explanation."""
    for catalogue in (c for c in effective(body_id, day) if c is not None):
        for item in catalogue.items.all():
            if item.kind == CriterionKind.FACTOR and item.factor == factor:
                return item, catalogue
    return None
