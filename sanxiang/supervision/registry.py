"""The indicator registry: every compliance indicator declared once, as data (issue 6 §1).

An indicator is an `Indicator` value: code, Chinese title, rule ids, the definition in Chinese and
as the documented query, unit, threshold and direction, a bulk `compute(period, body_ids)` that
answers for many bodies in a constant number of queries, and `drill(period, body_id)` returning
the records behind one body's value.

Apps contribute indicators without editing this app: a module `sanxiang/<app>/indicators.py`
exposing `INDICATORS: list[Indicator]` is discovered for every installed Sanxiang app
(docs/supervision.md, "Contributing indicators"). `supervision.pending_indicators` declares the
indicators whose data source is still being built; an app that declares the same code wins.
"""

from __future__ import annotations

import datetime
import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.apps import apps
from django.conf import settings
from django.db import models


class Unit(models.TextChoices):
    SHARE = "share", "比例"
    COUNT = "count", "数量"
    YES_NO = "yes_no", "是否"


class Direction(models.TextChoices):
    AT_LEAST = "at_least", "不低于"
    AT_MOST = "at_most", "不高于"


class Status(models.TextChoices):
    PASS = "pass", "达标"
    FAIL = "fail", "未达标"
    NO_DATA = "no_data", "无数据"


@dataclass(frozen=True)
class Period:
    """The inclusive span an indicator looks at; state-like indicators are read "as of" `end`."""

    start: datetime.date
    end: datetime.date

    @classmethod
    def rolling_year(cls, end: datetime.date) -> Period:
        """The default: the 365 days ending on `end` (also what daily snapshots store)."""
        return cls(end - datetime.timedelta(days=364), end)


@dataclass(frozen=True)
class Measure:
    """One body's value. `value` is None when there is nothing to measure (无数据)."""

    value: Decimal | int | bool | None
    numerator: int | None = None
    denominator: int | None = None
    note: str = ""

    @classmethod
    def share(cls, part: int, whole: int) -> Measure:
        if not whole:
            return cls(None, part, whole, "期间内没有可计算的记录")
        return cls((Decimal(part) / Decimal(whole)).quantize(Decimal("0.0001"), ROUND_HALF_UP), part, whole)

    @classmethod
    def count(cls, n: int) -> Measure:
        return cls(n, n, None)

    @classmethod
    def yes_no(cls, flag: bool | None, note: str = "") -> Measure:
        if flag is None:
            return cls(None, None, None, note or "无数据")
        return cls(bool(flag), int(bool(flag)), 1, note)

    @classmethod
    def missing(cls, note: str) -> Measure:
        return cls(None, None, None, note)


@dataclass(frozen=True)
class Record:
    """One record behind a value: what it is, why it counts, and where to open it."""

    label: str
    detail: str = ""
    ok: bool | None = None  # True counts for the indicator, False against it, None informative
    url: str = ""
    on: datetime.date | None = None


Compute = Callable[[Period, list[int]], dict[int, Measure]]
Drill = Callable[[Period, int], list[Record]]


def _no_records(period: Period, body_id: int) -> list[Record]:
    return []


@dataclass(frozen=True)
class Indicator:
    """One compliance requirement as a measurable indicator (definitions are public)."""

    code: str
    title: str
    rules: tuple[str, ...]
    definition: str
    query: str
    unit: str
    threshold: Decimal | int | bool
    direction: str
    compute: Compute
    drill: Drill = _no_records
    weight: int = 1
    section: str = ""  # 公示 / 记录 / 审核 / 办案
    source: str = ""  # the contributing app's label (filled in by discovery)
    available: Callable[[], bool] = field(default=lambda: True)

    def status(self, measure: Measure) -> str:
        if measure.value is None:
            return Status.NO_DATA
        value = measure.value
        if self.unit == Unit.YES_NO:
            return Status.PASS if bool(value) == bool(self.threshold) else Status.FAIL
        ok = value >= self.threshold if self.direction == Direction.AT_LEAST else value <= self.threshold
        return Status.PASS if ok else Status.FAIL

    @property
    def threshold_label(self) -> str:
        if self.unit == Unit.YES_NO:
            return "是" if self.threshold else "否"
        if self.unit == Unit.SHARE:
            return f"{Direction(self.direction).label} {format_share(Decimal(self.threshold))}"
        return f"{Direction(self.direction).label} {self.threshold}"

    def format(self, measure: Measure) -> str:
        return format_value(self.unit, measure)


def format_share(value: Decimal) -> str:
    text = f"{(value * 100).quantize(Decimal('0.1'), ROUND_HALF_UP)}"
    return f"{text.rstrip('0').rstrip('.') if '.' in text else text}%"


def format_value(unit: str, measure: Measure) -> str:
    if measure.value is None:
        return "无数据"
    if unit == Unit.YES_NO:
        return "是" if measure.value else "否"
    if unit == Unit.SHARE:
        return f"{format_share(Decimal(measure.value))}（{measure.numerator}/{measure.denominator}）"
    return str(measure.value)


# ---------------------------------------------------------------------------------------------
# Discovery
# ---------------------------------------------------------------------------------------------

_cache: dict[str, Indicator] | None = None


def _declared(module_name: str) -> list[Indicator]:
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name == module_name:
            return []
        raise
    return list(getattr(module, "INDICATORS", []))


def discover() -> dict[str, Indicator]:
    """Every installed Sanxiang app's `indicators.INDICATORS`, then the pending declarations for
    codes no app provides. Duplicate codes among apps are a programming error."""
    found: dict[str, Indicator] = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("sanxiang."):
            continue
        for indicator in _declared(f"{config.name}.indicators"):
            if indicator.code in found:
                raise ImproperIndicator(f"indicator code {indicator.code!r} declared twice")
            found[indicator.code] = _with_source(indicator, config.label)
    for indicator in _declared("sanxiang.supervision.pending_indicators"):
        found.setdefault(indicator.code, _with_source(indicator, "supervision"))
    return found


class ImproperIndicator(Exception):
    """A declaration breaks the contract (duplicate code, unknown unit ...)."""


def _with_source(indicator: Indicator, label: str) -> Indicator:
    if indicator.unit not in Unit.values or indicator.direction not in Direction.values:
        raise ImproperIndicator(f"indicator {indicator.code!r}: unknown unit or direction")
    if indicator.source:
        return indicator
    from dataclasses import replace

    return replace(indicator, source=label)


def all_indicators() -> list[Indicator]:
    """Every indicator, in declaration order of the apps (cached for the process)."""
    global _cache
    if _cache is None:
        _cache = discover()
    return list(_cache.values())


def get(code: str) -> Indicator | None:
    all_indicators()
    return (_cache or {}).get(code)


def reset() -> None:
    """Forget the discovered indicators (tests that declare their own)."""
    global _cache
    _cache = None


def weights() -> dict[str, int]:
    """Weights of the overall score: each indicator's declared weight, overridden by the setting
    SUPERVISION_INDICATOR_WEIGHTS = {code: weight} (0 leaves an indicator out of the score)."""
    override = getattr(settings, "SUPERVISION_INDICATOR_WEIGHTS", {}) or {}
    return {i.code: int(override.get(i.code, i.weight)) for i in all_indicators()}


def compute_all(
    period: Period, body_ids: list[int], indicators: Iterable[Indicator] | None = None
) -> dict[str, dict[int, Measure]]:
    """code -> body id -> Measure, for every indicator; unavailable ones answer 无数据."""
    result: dict[str, dict[int, Measure]] = {}
    for indicator in indicators if indicators is not None else all_indicators():
        if not indicator.available():
            result[indicator.code] = {b: Measure.missing("无数据：数据来源尚未建成") for b in body_ids}
            continue
        values = indicator.compute(period, body_ids) if body_ids else {}
        result[indicator.code] = {b: values.get(b) or Measure.missing("无数据") for b in body_ids}
    return result
