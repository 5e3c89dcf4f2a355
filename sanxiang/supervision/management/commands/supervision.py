"""`sanxiang supervision ...`: the look-back campaign's scheduled jobs.

    sanxiang supervision remind [--date 2026-05-06]   remind bodies that have not filed (once a day)
    sanxiang supervision late [--date D]              list bodies that have not filed by the due date

Exit codes: 0 success, 2 bad input.
"""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from sanxiang.supervision import services
from sanxiang.supervision.choices import FILED, CampaignStatus
from sanxiang.supervision.models import SelfInspectionReport


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"日期格式应为 YYYY-MM-DD：{value}", returncode=2) from None


class Command(BaseCommand):
    help = "“回头看”定时任务：remind 催报逾期未报送自查报告的执法主体；late 列出逾期未报送的执法主体"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="{remind,late}")
        for name, text in (
            ("remind", "催报（每个执法主体每天最多一次）"),
            ("late", "列出逾期未报送的执法主体"),
        ):
            action = sub.add_parser(name, help=text)
            action.add_argument("--date", default="", help="业务日期，默认今天")

    def handle(self, *args, action: str, date: str = "", **options):
        day = _date(date) if date else timezone.localdate()
        if action == "remind":
            sent = services.remind_overdue(day)
            for reminder in sent:
                self.stdout.write(reminder.message)
            self.stderr.write(f"共发出 {len(sent)} 条催报提醒（{day:%Y-%m-%d}）")
            return
        late = (
            SelfInspectionReport.objects.filter(
                campaign__status=CampaignStatus.OPEN, campaign__due_on__lt=day
            )
            .exclude(status__in=FILED)
            .select_related("campaign", "body")
            .order_by("campaign_id", "body__name")
        )
        for report in late:
            self.stdout.write(f"{report.campaign.title}\t{report.body.name}\t{report.get_status_display()}")
        self.stderr.write(f"共 {len(late)} 个执法主体逾期未报送自查报告")
