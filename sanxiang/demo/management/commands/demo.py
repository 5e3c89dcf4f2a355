"""`sanxiang demo`: build the demo city of 河津市 once, or print its accounts as JSON."""

from __future__ import annotations

import json
import unicodedata

from django.core.management.base import BaseCommand, CommandError

from sanxiang.cases.choices import CaseState
from sanxiang.demo import services


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(width - _width(text), 0)


def account_table(accounts: list[dict]) -> str:
    rows = [("用户名", "姓名", "执法主体", "角色")]
    rows += [
        (a["username"], a["display_name"], a["body"] or "全市", "、".join(a["role_labels"])) for a in accounts
    ]
    widths = [max(_width(row[i]) for row in rows) for i in range(3)]
    return "\n".join(
        "  ".join(_pad(v, w) for v, w in zip(row[:3], widths, strict=True)) + "  " + row[3] for row in rows
    )


class Command(BaseCommand):
    help = "创建河津市演示数据（执法主体、执法人员、账号和约 300 件覆盖全部办案状态的案件）；重复运行不会重复创建"

    def add_arguments(self, parser):
        parser.add_argument(
            "--cases",
            type=int,
            default=services.DEFAULT_CASES,
            help="案件数（默认 300；至少 16 件才能覆盖全部状态）",
        )
        parser.add_argument("--accounts", action="store_true", help="只以 JSON 输出演示账号、密码和角色")

    def handle(self, *args, cases: int, accounts: bool, verbosity: int, **options):
        if accounts:
            if not services.demo_exists():
                raise CommandError("演示数据尚未创建，请先运行 sanxiang demo")
            self.stdout.write(json.dumps(services.demo_accounts(), ensure_ascii=False, indent=2))
            return
        progress = None
        if verbosity >= 2:

            def progress(done: int, total: int) -> None:
                if done % 25 == 0 or done == total:
                    self.stderr.write(f"已创建案件 {done}/{total}")

        try:
            report = services.build_demo(cases, progress=progress)
        except services.DemoError as exc:
            raise CommandError(str(exc)) from exc
        if not report.created:
            self.stdout.write(report.message)
            self._accounts()
            return
        summary = services.demo_summary()
        states = "，".join(
            f"{CaseState(s).label} {n}"
            for s, n in sorted(summary["states"].items(), key=lambda i: CaseState.values.index(i[0]))
        )
        self.stdout.write(self.style.SUCCESS(f"{report.message}（用时 {report.seconds:.1f} 秒）"))
        self.stdout.write(
            f"执法主体 {summary['bodies']} 个，执法人员 {summary['officers']} 名（执法证件 {summary['credentials']} 件），"
            f"用户 {summary['users']} 个，案件 {summary['cases']} 件，已超期的法定期限 {summary['overdue']} 项。"
        )
        self.stdout.write(f"案件状态：{states}")
        self._accounts()

    def _accounts(self) -> None:
        self.stdout.write(f"\n演示账号（密码均为 {services.data.DEMO_PASSWORD}）：")
        self.stdout.write(account_table(services.demo_accounts()))
