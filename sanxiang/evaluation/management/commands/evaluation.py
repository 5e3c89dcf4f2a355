"""`sanxiang evaluation redraw PLAN | escalate [--date D]`.

- `redraw PLAN` re-runs each recorded draw of the plan (number or public id) from its recorded
  inputs and reports, per body, whether it gives the same files and whether today's data still
  gives the recorded candidate list; exit 1 when a draw does not reproduce.
- `escalate` (daily, cron) escalates rectification items past their deadline (SUP-02); running it
  again the same day adds nothing.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError

from sanxiang.core.errors import DomainError
from sanxiang.evaluation.services.outcomes import escalate_overdue
from sanxiang.evaluation.services.plans import plan_by_reference, redraw


class Command(BaseCommand):
    help = "案卷评查：复核抽取结果；逾期整改事项升级通报"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        again = sub.add_parser("redraw", help="按记录的输入重新抽取并比对")
        again.add_argument("plan", help="检查计划编号或公开标识")
        escalate = sub.add_parser("escalate", help="将逾期未整改事项升级为通报批评（SUP-02）")
        escalate.add_argument("--date", help="按该日期判断逾期（默认今天），格式 YYYY-MM-DD")

    def handle(self, *args, action: str, **options):
        try:
            if action == "redraw":
                self._redraw(options["plan"])
            else:
                self._escalate(options.get("date"))
        except DomainError as exc:
            raise CommandError(exc.message) from None

    def _redraw(self, reference: str) -> None:
        plan = plan_by_reference(reference)
        results = redraw(plan)
        if not results:
            raise CommandError("该检查尚未抽取案卷")
        failed = 0
        for r in results:
            verdict = "一致" if r.reproduced else "不一致"
            self.stdout.write(f"{r.body}：按记录输入重新抽取 {len(r.recomputed)} 卷，与记录{verdict}")
            if not r.candidates_unchanged:
                self.stdout.write(
                    f"  注意：{r.body} 的候选案卷清单与抽取时不同（抽取后有案件结案或状态变化）"
                )
            failed += not r.reproduced
        if failed:
            raise CommandError(f"{failed} 个单位的抽取结果无法复现", returncode=1)
        self.stdout.write(f"全部 {len(results)} 个单位的抽取结果均可复现（种子 {plan.seed}）")

    def _escalate(self, date: str | None) -> None:
        try:
            day = datetime.date.fromisoformat(date) if date else None
        except ValueError:
            raise CommandError("日期格式应为 YYYY-MM-DD") from None
        created = escalate_overdue(day)
        self.stdout.write(f"新升级逾期整改事项 {len(created)} 项")
