"""`sanxiang review ...`: the scheduled scans of the legal review (cron or a systemd timer runs them).

    sanxiang review alerts [--date 2025-06-30]   reviews overdue or due within 3 working days (REV-07)
    sanxiang review gaps [--date 2025-06-30]     bodies without a published catalogue (REV-06)
    sanxiang review decisions                    store the classification of every decision whose stored
                                                 one is stale or missing (after a catalogue is put in
                                                 force retroactively; review/decisions.py)

Exit codes: 0 success (findings are printed, not errors), 2 bad input.
"""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from sanxiang.review import selectors


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"日期格式应为 YYYY-MM-DD：{value}", returncode=2) from None


class Command(BaseCommand):
    help = "法制审核定时任务：alerts 审核期限预警；gaps 未公布目录清单的执法主体"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="{alerts,gaps,decisions}")
        for name, text in (
            ("alerts", "已超期和 3 个工作日内到期的法制审核"),
            ("gaps", "未公布重大执法决定法制审核目录清单的执法主体"),
        ):
            action = sub.add_parser(name, help=text)
            action.add_argument("--date", default="", help="业务日期，默认今天")
        sub.add_parser("decisions", help="为判定记录已过时或缺失的决定补记重大执法决定判定（REV-01）")

    def handle(self, *args, action: str, date: str = "", **options):
        if action == "decisions":
            from sanxiang.cases.models import Case
            from sanxiang.review.decisions import backfill

            with transaction.atomic():
                stored = backfill(Case.objects.all())
            self.stderr.write(f"已为 {stored} 件决定补记重大执法决定判定")
            return
        day = _date(date) if date else timezone.localdate()
        if action == "alerts":
            alerts = selectors.system_review_alerts(day)
            for a in alerts:
                state = "已超期" if a.light == "red" else "即将到期"
                self.stdout.write(
                    f"{a.case.body.short_name}\t{a.case.display_number}\t第 {a.submission.round} 轮\t"
                    f"{state}\t届满 {a.due_on:%Y-%m-%d}\t剩余 {a.workdays_left} 个工作日"
                )
            self.stderr.write(f"共 {len(alerts)} 条法制审核期限预警（{day:%Y-%m-%d}）")
        else:
            bodies = list(selectors.bodies_without_published_catalogue(day))
            for body in bodies:
                self.stdout.write(f"{body.credit_code}\t{body.name}")
            self.stderr.write(f"共 {len(bodies)} 个执法主体尚未公布重大执法决定法制审核目录清单（REV-06）")
