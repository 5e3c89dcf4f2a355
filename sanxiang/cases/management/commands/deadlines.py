"""`sanxiang deadlines scan`: the scheduled overdue/due-soon scan (run daily from cron or a timer).

It first recomputes deadlines that were computed on a provisional calendar (in case a calendar
import happened in another process), then prints every overdue or due-soon deadline.
"""

import json

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from sanxiang.cases import deadlines, selectors
from sanxiang.orgs.models import EnforcementBody


class Command(BaseCommand):
    help = "扫描超期和即将到期的办案期限"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        scan = sub.add_parser("scan", help="列出已超期和 3 个工作日内到期的期限")
        scan.add_argument("--body", help="执法主体文号简称，如 河市监")
        scan.add_argument("--json", action="store_true", help="以 JSON 输出")

    def handle(self, *args, **options):
        body_id = None
        if options.get("body"):
            body = EnforcementBody.objects.filter(short_name=options["body"]).first()
            if body is None:
                raise CommandError(f"执法主体不存在：{options['body']}", returncode=2)
            body_id = body.pk
        recomputed = deadlines.recompute_provisional(set())
        alerts = selectors.system_deadline_alerts(timezone.localdate(), body_id=body_id)
        rows = [
            {
                "body": a.case.body.short_name,
                "case": a.case.display_number,
                "deadline": a.status.deadline.get_kind_display(),
                "rule": a.status.deadline.rule,
                "due_date": a.status.deadline.due_date.isoformat(),
                "light": a.status.light,
                "days_left": a.status.days_left,
            }
            for a in alerts
        ]
        if options["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False))
            return
        for r in rows:
            mark = "超期" if r["light"] == "red" else "将到期"
            self.stdout.write(
                f"{mark}\t{r['body']}\t{r['case']}\t{r['deadline']}({r['rule']})\t{r['due_date']}\t{r['days_left']}日"
            )
        red = sum(1 for r in rows if r["light"] == "red")
        self.stderr.write(
            f"共 {len(rows)} 项：已超期 {red} 项，即将到期 {len(rows) - red} 项；重算暂定期限 {recomputed} 项"
        )
        if connection.vendor == "sqlite":
            # The daily job doubles as SQLite's maintenance point: planner statistics for the tables
            # this connection queried (docs/benchmarks.md, fix 4). PostgreSQL's autovacuum does this.
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA optimize")
