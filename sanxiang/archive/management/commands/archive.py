"""`sanxiang archive export|verify`: export a case file as a ZIP, and check one offline.

`verify` touches neither the database nor the ledger key: it reads only the ZIP (and --key).
Exit codes: 0 success; 1 verification found problems, or the export failed; 2 bad input
(unknown case or user, unreadable or non-ZIP file, bad key).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sanxiang.archive.verify import Unreadable, verify_archive


class Command(BaseCommand):
    help = "电子卷宗：export 导出案件卷宗 ZIP；verify 离线校验卷宗 ZIP（不访问数据库）"
    requires_system_checks: list = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="{export,verify}")
        export = sub.add_parser("export", help="导出案件的电子卷宗 ZIP（记入防篡改日志与证据调阅记录）")
        export.add_argument(
            "case",
            metavar="CASE",
            help="案件编号（如 河市监立〔2026〕15号）、线索登记号或案件公开标识（UUID）",
        )
        export.add_argument(
            "--user", required=True, help="导出人的登录名：按其权限取案件，记为导出人（AUD-01）"
        )
        export.add_argument(
            "--out", metavar="FILE.zip", help="输出文件（默认：当前目录下的 电子卷宗-案件编号-时间.zip）"
        )
        export.add_argument("--reason", default="", help="导出事由")
        verify = sub.add_parser("verify", help="离线校验卷宗 ZIP：文件哈希、日志叶哈希、包含证明、树头签名")
        verify.add_argument("file", metavar="FILE.zip")
        verify.add_argument(
            "--key",
            metavar="PUBKEY",
            help="可信的日志公钥（PEM 文件，或 Base64 文本）；不指定时只能证明卷宗自洽",
        )

    def handle(self, *args, action: str, **options):
        getattr(self, f"_{action}")(**options)

    # --- verify: no database, no settings-dependent state -----------------------------------------

    def _verify(self, *, file: str, key: str | None, **options):
        trusted = None
        if key is not None:
            trusted = Path(key).read_bytes() if os.path.exists(key) else key.encode()
        try:
            report = verify_archive(file, trusted_key=trusted)
        except Unreadable as exc:
            raise CommandError(f"{file}：{exc}", returncode=2) from None
        except ValueError as exc:
            raise CommandError(str(exc), returncode=2) from None
        except OSError as exc:
            raise CommandError(f"无法读取 {file}：{exc.strerror or exc}", returncode=2) from None
        if report.ok:
            self.stdout.write(report.summary())
            return
        for line in report.problems:
            self.stdout.write(line)
        raise CommandError(f"卷宗校验未通过：共 {len(report.problems)} 处问题", returncode=1)

    # --- export ---------------------------------------------------------------------------------

    def _export(self, *, case: str, user: str, out: str | None, reason: str, **options):
        from django.contrib.auth import get_user_model

        from sanxiang.archive import selectors, services
        from sanxiang.archive.choices import Channel
        from sanxiang.core.errors import DomainError, NotFound

        actor = get_user_model().objects.filter(username=user, is_active=True).first()
        if actor is None:
            raise CommandError(f"用户“{user}”不存在或已停用", returncode=2)
        try:
            found = selectors.case_for(actor, case)
        except NotFound as exc:
            raise CommandError(exc.message, returncode=2) from None
        try:
            prepared = services.export_case(actor, found, reason=reason, channel=Channel.CLI)
        except DomainError as exc:
            raise CommandError(exc.message, returncode=1) from None
        target = Path(out) if out else Path.cwd() / prepared.file_name
        partial = target.with_name(f".{target.name}.part")
        try:
            with open(partial, "wb") as fh:
                for chunk in prepared.chunks:
                    fh.write(chunk)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(partial, target)
        except DomainError as exc:
            partial.unlink(missing_ok=True)
            raise CommandError(exc.message, returncode=1) from None
        except OSError as exc:
            partial.unlink(missing_ok=True)
            raise CommandError(f"无法写入 {target}：{exc.strerror or exc}", returncode=1) from None
        export = prepared.export
        self.stdout.write(
            f"已导出 {target}：{export.documents} 件文书、{export.evidence} 个证据文件、{export.entries} 条日志；"
            f"清单 SHA-256 {export.manifest_sha256}；日志序号 #{export.ledger_index}"
        )
        sys.stdout.flush()
