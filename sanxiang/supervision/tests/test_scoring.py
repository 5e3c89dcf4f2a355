"""Scorecards, the overall score, daily snapshots and trends."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.core.management import call_command

from sanxiang.ledger.models import Entry
from sanxiang.supervision import registry, scoring, snapshots
from sanxiang.supervision.models import IndicatorSnapshot, ScoreSnapshot, SnapshotRun
from sanxiang.supervision.registry import Direction, Indicator, Measure, Status, Unit

pytestmark = pytest.mark.django_db


def _row(code, status, weight=1):
    indicator = Indicator(
        code, code, ("X",), "d", "q", Unit.COUNT, 0, Direction.AT_MOST, lambda p, ids: {}, weight=weight
    )
    return scoring.Row(indicator, Measure.count(0), status)


def test_the_score_is_the_weighted_share_of_passing_indicators_with_data():
    rows = [_row("a", Status.PASS), _row("b", Status.FAIL), _row("c", Status.NO_DATA), _row("d", Status.PASS)]
    assert scoring.score(rows, {"a": 2, "b": 1, "c": 5, "d": 1}) == Decimal("75.0")
    assert scoring.score(rows, {"a": 0, "b": 1, "c": 5, "d": 0}) == Decimal("0.0")
    assert scoring.score([_row("c", Status.NO_DATA)], {"c": 1}) is None


def test_weights_are_configurable(settings):
    settings.SUPERVISION_INDICATOR_WEIGHTS = {"rev_missing": 10}
    assert registry.weights()["rev_missing"] == 10 and registry.weights()["av_field"] == 1


def test_scorecards_rank_bodies_and_pool_the_city(cast, new_case, period):
    new_case(days_ago=40)  # A: one overdue case
    cards, city = scoring.build(period, [cast.body_a, cast.body_b])
    assert [c.rank for c in cards] == [1, 2]
    by_body = {c.body: c for c in cards}
    assert by_body[cast.body_a].row("cases_overdue").status == Status.FAIL
    assert city.row("cases_overdue").measure.value == 1
    cred = city.row("cred_valid").measure
    assert (cred.numerator, cred.denominator) == (5, 5)
    catalogue = city.row("rev_catalogue").measure
    assert (catalogue.numerator, catalogue.denominator, catalogue.value) == (0, 2, False)
    assert city.score == (sum(c.score for c in cards) / 2).quantize(Decimal("0.1"), ROUND_HALF_UP)


def test_a_snapshot_is_stored_once_per_day_and_updated_when_the_data_changes(cast, new_case):
    day = datetime.date.today()
    first = snapshots.take_snapshot(day)
    assert first.created and SnapshotRun.objects.count() == 1
    stored = IndicatorSnapshot.objects.count()
    assert stored == first.values == 3 * len(registry.all_indicators())  # two bodies and the city
    again = snapshots.take_snapshot(day)
    assert not again.created and not again.changed
    assert (
        IndicatorSnapshot.objects.count() == stored
        and Entry.objects.filter(kind="supervision.snapshot").count() == 1
    )
    new_case(days_ago=40)
    changed = snapshots.take_snapshot(day)
    assert changed.changed and IndicatorSnapshot.objects.count() == stored
    assert IndicatorSnapshot.objects.get(day=day, body=cast.body_a, code="cases_overdue").value == 1
    assert Entry.objects.filter(kind="supervision.snapshot").count() == 2


def test_the_snapshot_command_and_the_trends(cast, capsys):
    call_command("indicators", "snapshot", "--date", "2026-11-01")
    call_command("indicators", "snapshot", "--date", "2026-11-08")
    call_command("indicators", "snapshot", "--date", "2026-11-08")
    out = capsys.readouterr().out
    assert "已保存" in out and "无变化" in out
    trends = snapshots.score_trends([cast.body_a.pk, None], datetime.date(2026, 1, 1))
    assert [d for d, _ in trends[cast.body_a.pk]] == [datetime.date(2026, 11, 1), datetime.date(2026, 11, 8)]
    assert len(trends[None]) == 2 and ScoreSnapshot.objects.count() == 6
    assert [
        d for d, _ in snapshots.indicator_trends(cast.body_a.pk, datetime.date(2026, 1, 1))["cred_valid"]
    ] == [
        datetime.date(2026, 11, 1),
        datetime.date(2026, 11, 8),
    ]


def test_a_bad_date_exits_with_a_chinese_message(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="日期格式"):
        call_command("indicators", "snapshot", "--date", "2026-13-01")
