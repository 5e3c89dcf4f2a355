"""`sanxiang publication end-periods | scan`: the daily jobs of decision publication.

- end-periods: stop publishing records whose period ran out (DISC-06).
- scan: list unpublished decisions due within 3 working days or overdue, and owed withdrawals (DISC-05).
"""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from sanxiang.orgs.models import EnforcementBody
from sanxiang.publication import selectors, services


class Command(BaseCommand):
    help = "执法决定公开的定时任务：公示期届满停止公示、公开与撤回期限扫描"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("end-periods", help="公示期届满的决定停止公示（DISC-06）")
        scan = sub.add_parser("scan", help="列出即将到期和已超期的公开、撤回期限")
        scan.add_argument("--body", help="执法主体文号简称，如 河市监")
        scan.add_argument("--json", action="store_true", help="以 JSON 输出")

    def handle(self, *args, **options):
        if options["action"] == "end-periods":
            ended = services.end_periods(timezone.localdate())
            self.stdout.write(f"停止公示 {ended} 件")
            return
        body_id = None
        if options.get("body"):
            body = EnforcementBody.objects.filter(short_name=options["body"]).first()
            if body is None:
                raise CommandError(f"执法主体不存在：{options['body']}", returncode=2)
            body_id = body.pk
        rows = [
            {
                "body": a.status.deadline.publication.body.short_name,
                "document_number": a.status.deadline.publication.document_number,
                "deadline": a.status.deadline.get_kind_display(),
                "rule": a.status.deadline.rule,
                "due_date": a.status.deadline.due_date.isoformat(),
                "light": a.status.light,
                "days_left": a.status.days_left,
            }
            for a in selectors.system_deadline_alerts(timezone.localdate(), body_id=body_id)
        ]
        if options["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False))
            return
        for r in rows:
            mark = "超期" if r["light"] == "red" else "将到期"
            self.stdout.write(
                f"{mark}\t{r['body']}\t{r['document_number']}\t{r['deadline']}({r['rule']})\t{r['due_date']}"
            )
