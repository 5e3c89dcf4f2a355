"""`sanxiang evidence verify|gc`: integrity sweep (EVD-01) and storage housekeeping (BAK-04).

Exit codes: 0 success; 1 verify found a mismatch or a missing file (they are now blocked).
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from sanxiang.evidence.services.integrity import collect_garbage, verify_all


class Command(BaseCommand):
    help = "证据文件：verify 全量校验哈希（不符即封存），gc 清理无引用文件和过期上传"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="{verify,gc}")
        sub.add_parser("verify", help="重算每个存储文件的 SHA-256 与 SM3，不符或缺失的证据封存并报告")
        gc = sub.add_parser("gc", help="删除无引用的存储文件、缩略图、过期上传会话和临时文件")
        gc.add_argument("--hours", type=float, default=24, help="只清理早于该小时数的文件（默认 24）")
        gc.add_argument("--dry-run", action="store_true", help="只列出，不删除")

    def handle(self, *args, action: str, **options):
        getattr(self, f"_{action}")(**options)

    def _verify(self, **options):
        def report(evidence, why):
            what = "文件缺失" if why == "missing" else "哈希不符"
            self.stdout.write(
                f"不符：证据 {evidence.public_id}（案件 {evidence.case.display_number}，环节 {evidence.step}）"
                f"{what}，期望 SM3 {evidence.sm3}，已封存"
            )

        result = verify_all(report)
        if result.failures:
            raise CommandError(f"证据校验失败：{len(result.failures)} 个证据文件不符，已封存", returncode=1)
        self.stdout.write(f"OK：{result.blobs} 个存储文件、{result.files} 条证据记录校验一致")

    def _gc(self, *, hours: float, dry_run: bool, **options):
        report = collect_garbage(older_than_hours=hours, dry_run=dry_run)
        verb = "将删除" if dry_run else "已删除"
        for key in report.blobs + report.thumbnails:
            self.stdout.write(f"{verb}无引用存储文件：{key}")
        for name in report.temp_files:
            self.stdout.write(f"{verb}临时上传文件：{name}")
        self.stdout.write(
            f"完成：无引用文件 {len(report.blobs)} 个，缩略图 {len(report.thumbnails)} 个，临时文件 "
            f"{len(report.temp_files)} 个，过期上传会话 {report.sessions_expired} 个，清理会话记录 {report.sessions_deleted} 条"
        )
