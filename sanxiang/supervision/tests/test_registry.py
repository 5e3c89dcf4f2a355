"""The registry: discovery of contributed indicators, pending sources, and the constant query count."""

import sys
import types
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sanxiang.supervision import indicators as native
from sanxiang.supervision import registry
from sanxiang.supervision.registry import Direction, Indicator, Measure, Status, Unit
from sanxiang.testing import factories as f

pytestmark = pytest.mark.django_db

PENDING_SOURCES = (
    "sanxiang.disclosure.selectors",
    "sanxiang.publication.selectors",
    "sanxiang.annualreport.selectors",
)
NATIVE = {i.code for i in native.INDICATORS}


@pytest.fixture
def no_sources(monkeypatch):
    """The other apps' selectors and indicators do not exist (yet)."""
    for app in ("disclosure", "publication", "annualreport"):
        monkeypatch.setitem(sys.modules, f"sanxiang.{app}.selectors", None)
        monkeypatch.setitem(sys.modules, f"sanxiang.{app}.indicators", None)
    registry.reset()


def test_every_indicator_is_declared_with_its_definition_rules_and_threshold(no_sources):
    codes = [i.code for i in registry.all_indicators()]
    assert len(codes) == len(set(codes))
    for code in (
        "cred_valid",
        "av_mandatory",
        "av_field",
        "recorder_ratio",
        "rev_catalogue",
        "rev_reviewers",
        "rev_missing",
        "rev_on_time",
        "rec_documents",
        "cases_overdue",
        "disc_item_list",
        "disc_random_list",
        "disc_guides",
        "pub_on_time",
        "pub_withdrawals",
        "stat_annual_report",
    ):
        indicator = registry.get(code)
        assert indicator.title and indicator.definition and indicator.query and indicator.rules
        assert indicator.unit in Unit.values and indicator.direction in Direction.values


def test_indicators_without_a_data_source_answer_no_data(cast, period, no_sources):
    values = registry.compute_all(period, [cast.body_a.pk], [registry.get("disc_item_list")])
    measure = values["disc_item_list"][cast.body_a.pk]
    assert measure.value is None and "尚未建成" in measure.note
    assert registry.get("disc_item_list").status(measure) == Status.NO_DATA


def test_pending_indicators_use_the_agreed_selectors_once_they_exist(cast, period, monkeypatch, no_sources):
    disclosure = types.ModuleType("sanxiang.disclosure.selectors")
    disclosure.item_list_published = lambda body: body.pk == cast.body_a.pk
    publication = types.ModuleType("sanxiang.publication.selectors")
    publication.publication_on_time = lambda body, start, end: (3, 4)
    publication.withdrawals_on_time_many = lambda ids, start, end: {cast.body_a.pk: (0, 0)}
    monkeypatch.setitem(sys.modules, "sanxiang.disclosure.selectors", disclosure)
    monkeypatch.setitem(sys.modules, "sanxiang.publication.selectors", publication)
    ids = [cast.body_a.pk, cast.body_b.pk]
    values = registry.compute_all(period, ids, [registry.get(c) for c in ("disc_item_list", "pub_on_time")])
    assert [values["disc_item_list"][b].value for b in ids] == [True, False]
    assert values["pub_on_time"][cast.body_a.pk].value == Decimal("0.75")
    # A bulk variant `<selector>_many(body_ids, ...)` is preferred when there is one.
    many = registry.get("pub_withdrawals").compute(period, ids)
    assert many[cast.body_a.pk].value is None and many[cast.body_b.pk].note == "无数据"


def test_an_app_contributes_indicators_with_its_own_indicators_module(cast, period, monkeypatch, no_sources):
    own = Indicator(
        code="disc_item_list",
        title="事项清单（公示模块）",
        rules=("DISC-12",),
        definition="公示模块的定义",
        query="disclosure query",
        unit=Unit.YES_NO,
        threshold=True,
        direction=Direction.AT_LEAST,
        compute=lambda p, ids: {b: Measure.yes_no(True) for b in ids},
    )
    extra = Indicator(
        "disc_extra",
        "新增指标",
        ("DISC-13",),
        "定义",
        "query",
        Unit.COUNT,
        0,
        Direction.AT_MOST,
        compute=lambda p, ids: {b: Measure.count(2) for b in ids},
    )
    module = types.ModuleType("sanxiang.disclosure.indicators")
    module.INDICATORS = [own, extra]
    monkeypatch.setitem(sys.modules, "sanxiang.disclosure.indicators", module)
    registry.reset()
    assert registry.get("disc_item_list").title == "事项清单（公示模块）"  # the app's declaration wins
    assert registry.get("disc_item_list").source == "disclosure"
    assert registry.get("disc_extra").status(Measure.count(2)) == Status.FAIL


def test_a_code_declared_twice_is_refused(monkeypatch, no_sources):
    module = types.ModuleType("sanxiang.disclosure.indicators")
    module.INDICATORS = [native.INDICATORS[0]]
    monkeypatch.setitem(sys.modules, "sanxiang.disclosure.indicators", module)
    registry.reset()
    with pytest.raises(registry.ImproperIndicator):
        registry.all_indicators()


def _queries(period, body_ids) -> int:
    wanted = [i for i in registry.all_indicators() if i.code in NATIVE]
    with CaptureQueriesContext(connection) as ctx:
        registry.compute_all(period, body_ids, wanted)
    return len(ctx.captured_queries)


def test_computing_every_indicator_takes_the_same_number_of_queries_for_many_bodies(cast, new_case, period):
    new_case(days_ago=40)
    few = _queries(period, [cast.body_a.pk, cast.body_b.pk])
    more = [cast.body_a.pk, cast.body_b.pk]
    for n in range(6):
        body = f.make_body(f"河津市第{n}局", f"河{n}局")
        f.make_officer(body, f"执法{n}")
        more.append(body.pk)
    assert _queries(period, more) == few
    assert few <= 20
