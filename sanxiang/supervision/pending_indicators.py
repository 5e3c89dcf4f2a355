"""Indicators whose data belongs to apps still being built (disclosure, publication, annualreport).

Each is written against the selector those apps were asked to provide and answers 无数据 until
the selector exists (`available()` is false). When an app ships its own `indicators.py` declaring
the same code, the registry uses the app's declaration and ignores the one here.

The agreed selectors answer for one body, so these indicators cost one call per body. If the
module also has `<selector>_many(body_ids, ...)` returning {body_id: answer}, that is used instead
(constant queries). See docs/supervision.md, "Contributing indicators".
"""

from __future__ import annotations

import datetime
import importlib
from collections.abc import Callable
from decimal import Decimal

from .registry import Direction, Indicator, Measure, Period, Unit

ONE = Decimal("1")


def _selector(module: str, name: str) -> Callable | None:
    try:
        found = importlib.import_module(module)
    except ImportError:
        return None
    return getattr(found, name, None)


def _available(module: str, name: str) -> Callable[[], bool]:
    return lambda: _selector(module, name) is not None


def _bodies(body_ids: list[int]):
    from sanxiang.orgs.models import EnforcementBody

    return list(EnforcementBody.objects.filter(pk__in=body_ids))


def _per_body(module: str, name: str, call: Callable, to_measure: Callable[[object], Measure]):
    """compute(): the `_many` variant when there is one, else the per-body selector."""

    def compute(period: Period, body_ids: list[int]) -> dict[int, Measure]:
        many = _selector(module, f"{name}_many")
        if many is not None:
            answers = call(many, body_ids, period)
            return {b: to_measure(answers.get(b)) for b in body_ids}
        one = _selector(module, name)
        if one is None:
            return {}
        return {body.pk: to_measure(call(one, body, period)) for body in _bodies(body_ids)}

    return compute


def _flag(answer) -> Measure:
    return Measure.yes_no(answer)


def _pair(answer) -> Measure:
    if answer is None:
        return Measure.missing("无数据")
    on_time, total = answer
    return Measure.share(on_time, total)


def report_year(day: datetime.date) -> int:
    """STAT-01: the latest year whose report is due by `day` (the year before last until 31 January)."""
    return day.year - 1 if day >= datetime.date(day.year, 1, 31) else day.year - 2


def _pending(code, title, rules, module, name, call, to_measure, **kwargs) -> Indicator:
    return Indicator(
        code=code,
        title=title,
        rules=rules,
        compute=_per_body(module, name, call, to_measure),
        available=_available(module, name),
        **kwargs,
    )


DISCLOSURE = "sanxiang.disclosure.selectors"
PUBLICATION = "sanxiang.publication.selectors"
ANNUAL = "sanxiang.annualreport.selectors"

INDICATORS: list[Indicator] = [
    _pending(
        "disc_item_list",
        "行政执法事项清单已公示",
        ("DISC-12",),
        DISCLOSURE,
        "item_list_published",
        lambda f, b, p: f(b),
        _flag,
        section="公示",
        definition="本机关的《行政执法事项清单》经审核后已公示（以公示模块记录为准）。",
        query="sanxiang.disclosure.selectors.item_list_published(body) -> bool",
        unit=Unit.YES_NO,
        threshold=True,
        direction=Direction.AT_LEAST,
        weight=2,
    ),
    _pending(
        "disc_random_list",
        "随机抽查事项清单经审核并公示",
        ("DISC-12", "RAND-01"),
        DISCLOSURE,
        "random_list_published",
        lambda f, b, p: f(b),
        _flag,
        section="公示",
        definition="本机关的《随机抽查事项清单》经市场监管部门审核并已公示。",
        query="sanxiang.disclosure.selectors.random_list_published(body) -> bool",
        unit=Unit.YES_NO,
        threshold=True,
        direction=Direction.AT_LEAST,
    ),
    _pending(
        "disc_guides",
        "执法流程图和服务指南齐全且现行有效",
        ("DISC-12",),
        DISCLOSURE,
        "guides_and_flowcharts_current",
        lambda f, b, p: f(b),
        _flag,
        section="公示",
        definition="本机关各类执法事项均有现行有效的流程图和服务指南（法律或职能变化后已重新审核）。",
        query="sanxiang.disclosure.selectors.guides_and_flowcharts_current(body) -> bool",
        unit=Unit.YES_NO,
        threshold=True,
        direction=Direction.AT_LEAST,
    ),
    _pending(
        "pub_on_time",
        "执法决定按时公开（7/20 个工作日）",
        ("DISC-01", "DISC-02"),
        PUBLICATION,
        "publication_on_time",
        lambda f, b, p: f(b, p.start, p.end),
        _pair,
        section="公示",
        definition="期间内作出的执法决定中，在规定期限内（许可、处罚 7 个工作日，其他 20 个工作日）公开的比例。",
        query="sanxiang.publication.selectors.publication_on_time(body, start, end) -> (on_time, total)",
        unit=Unit.SHARE,
        threshold=ONE,
        direction=Direction.AT_LEAST,
        weight=2,
    ),
    _pending(
        "pub_withdrawals",
        "撤销、变更的决定 3 个工作日内撤回",
        ("DISC-05",),
        PUBLICATION,
        "withdrawals_on_time",
        lambda f, b, p: f(b, p.start, p.end),
        _pair,
        section="公示",
        definition="期间内被撤销、变更、确认违法或无效的已公开决定中，3 个工作日内撤回并说明理由的比例。",
        query="sanxiang.publication.selectors.withdrawals_on_time(body, start, end) -> (on_time, total)",
        unit=Unit.SHARE,
        threshold=ONE,
        direction=Direction.AT_LEAST,
    ),
    _pending(
        "stat_annual_report",
        "上年度行政执法统计年报于 1 月 31 日前公开",
        ("STAT-01",),
        ANNUAL,
        "report_published_on_time",
        lambda f, b, p: f(b, report_year(p.end)),
        _flag,
        section="公示",
        definition="截至期末日已到期的最近一个年度（1 月 31 日前为前年，之后为上年）的统计年报按时公开。",
        query="sanxiang.annualreport.selectors.report_published_on_time(body, year) -> bool | None, "
        "year = end.year - 1 if end >= Jan 31 else end.year - 2",
        unit=Unit.YES_NO,
        threshold=True,
        direction=Direction.AT_LEAST,
    ),
]
