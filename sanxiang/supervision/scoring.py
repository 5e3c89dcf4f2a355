"""Scorecards: each indicator's value against its threshold, and an overall score per body and city.

Score (documented in docs/supervision.md): 100 × Σ weight of indicators that pass ÷ Σ weight of
indicators that have data. Weights come from the declarations and the setting
SUPERVISION_INDICATOR_WEIGHTS. Indicators without data (无数据) count neither way. The city's row
pools the bodies' records: a share is Σ numerators ÷ Σ denominators, a count is the sum, yes/no is
the share of bodies that pass (it passes only if every body with data passes); the city's score
is the mean of the bodies' scores.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from sanxiang.orgs.models import EnforcementBody

from . import registry
from .registry import Indicator, Measure, Period, Status, Unit


@dataclass(frozen=True)
class Row:
    indicator: Indicator
    measure: Measure
    status: str

    @property
    def display(self) -> str:
        return self.indicator.format(self.measure)

    @property
    def status_label(self) -> str:
        return Status(self.status).label


@dataclass
class Scorecard:
    body: EnforcementBody | None  # None: the city
    rows: list[Row] = field(default_factory=list)
    score: Decimal | None = None
    rank: int | None = None

    @property
    def name(self) -> str:
        return self.body.name if self.body else "全市"

    @property
    def failing(self) -> list[Row]:
        return [r for r in self.rows if r.status == Status.FAIL]

    def row(self, code: str) -> Row | None:
        return next((r for r in self.rows if r.indicator.code == code), None)


def scoring_bodies():
    """Bodies that are scored: active enforcement bodies other than the justice bureau itself."""
    return EnforcementBody.objects.filter(is_active=True, is_justice_bureau=False).order_by("name")


def score(rows: list[Row], weights: dict[str, int]) -> Decimal | None:
    counted = [
        (weights.get(r.indicator.code, 1), r.status == Status.PASS)
        for r in rows
        if r.status != Status.NO_DATA
    ]
    total = sum(w for w, _ in counted)
    if not total:
        return None
    passed = sum(w for w, ok in counted if ok)
    return (Decimal(100) * passed / total).quantize(Decimal("0.1"), ROUND_HALF_UP)


def _city_measure(indicator: Indicator, measures: list[Measure]) -> Measure:
    have = [m for m in measures if m.value is not None]
    if indicator.unit == Unit.SHARE:
        return Measure.share(sum(m.numerator or 0 for m in have), sum(m.denominator or 0 for m in have))
    if indicator.unit == Unit.COUNT:
        return Measure.count(sum(int(m.value) for m in have)) if have else Measure.missing("无数据")
    if not have:
        return Measure.missing("无数据")
    passing = sum(1 for m in have if indicator.status(m) == Status.PASS)
    return Measure(passing == len(have), passing, len(have), f"{passing}/{len(have)} 个执法主体达标")


def city_status(indicator: Indicator, measure: Measure) -> str:
    return indicator.status(measure)


def build(period: Period, bodies: list[EnforcementBody], *, with_city: bool = True):
    """(body scorecards ranked by score, city scorecard or None) in a constant number of queries."""
    indicators = registry.all_indicators()
    weights = registry.weights()
    values = registry.compute_all(period, [b.pk for b in bodies], indicators)
    cards = []
    for body in bodies:
        rows = []
        for indicator in indicators:
            measure = values[indicator.code][body.pk]
            rows.append(Row(indicator, measure, indicator.status(measure)))
        cards.append(Scorecard(body, rows, score(rows, weights)))
    cards.sort(key=lambda c: (c.score is None, -(c.score or 0), c.body.name))
    for rank, card in enumerate(cards, 1):
        card.rank = rank if card.score is not None else None
    city = None
    if with_city:
        city_rows = []
        for indicator in indicators:
            measure = _city_measure(indicator, [values[indicator.code][b.pk] for b in bodies])
            city_rows.append(Row(indicator, measure, city_status(indicator, measure)))
        scores = [c.score for c in cards if c.score is not None]
        mean = (sum(scores) / len(scores)).quantize(Decimal("0.1"), ROUND_HALF_UP) if scores else None
        city = Scorecard(None, city_rows, mean)
    return cards, city
