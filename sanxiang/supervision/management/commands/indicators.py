"""`sanxiang indicators ...`: compliance indicators from the command line (cron runs the snapshot).

    sanxiang indicators snapshot [--date 2026-06-30]   store the day's values (idempotent)
    sanxiang indicators list                           the definitions (code, rules, threshold)
    sanxiang indicators show [--date D]                every body's score and failing indicators

Exit codes: 0 success, 2 bad input.
"""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from sanxiang.supervision import registry, scoring, snapshots
from sanxiang.supervision.registry import Period


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"日期格式应为 YYYY-MM-DD：{value}", returncode=2) from None


class Command(BaseCommand):
    help = "执法监督指标：snapshot 保存当日指标快照；list 指标定义；show 各执法主体得分"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="{snapshot,list,show}")
        for name, text in (
            ("snapshot", "保存指定日期（默认今天）的指标快照，重复执行不会重复保存"),
            ("list", "列出全部指标定义"),
            ("show", "显示各执法主体的得分和未达标指标"),
        ):
            action = sub.add_parser(name, help=text)
            action.add_argument("--date", default="", help="业务日期，默认今天")

    def handle(self, *args, action: str, date: str = "", **options):
        day = _date(date) if date else timezone.localdate()
        if action == "snapshot":
            result = snapshots.take_snapshot(day)
            verdict = "已保存" if result.created else "已更新" if result.changed else "无变化，未重复保存"
            self.stdout.write(f"{day:%Y-%m-%d} 指标快照{verdict}（{result.values} 个数值）")
        elif action == "list":
            for i in registry.all_indicators():
                state = "" if i.available() else "（无数据：数据来源尚未建成）"
                self.stdout.write(f"{i.code}\t{'、'.join(i.rules)}\t{i.title}\t{i.threshold_label}{state}")
        else:
            cards, city = scoring.build(Period.rolling_year(day), list(scoring.scoring_bodies()))
            for card in cards:
                failing = "、".join(r.indicator.title for r in card.failing) or "无"
                self.stdout.write(
                    f"{card.rank or '-'}\t{card.name}\t{card.score if card.score is not None else '无数据'}\t未达标：{failing}"
                )
            self.stdout.write(f"全市平均\t{city.score if city.score is not None else '无数据'}")
