"""`sanxiang documents templates|flush|verify`: default templates, pending files, stored hashes.

- `templates` rebuilds sanxiang/documents/templates_docx/*.docx from the catalogue (`--check`
  only compares, for CI: exit 1 when a committed file differs from what the generator builds);
- `flush` writes files whose write failed after their transaction committed (run from cron);
- `catalogue` prints the generated catalogue section of docs/documents.md;
- `verify` recomputes SHA-256 and SM3 of every stored file; each mismatch becomes a
  `document.integrity_failure` ledger entry; exit 1 when any is found (run nightly).
"""

from django.core.management.base import BaseCommand, CommandError

from sanxiang.documents import blobs, docgen, kinds, services
from sanxiang.documents.rendering import defaults


class Command(BaseCommand):
    help = "执法文书：重建默认模板、补写待写入文件、校验已存储文件的哈希值"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        templates = sub.add_parser("templates", help="由文书目录重新生成默认 .docx 模板")
        templates.add_argument("--check", action="store_true", help="只检查已提交的模板是否与生成结果一致")
        sub.add_parser("flush", help="写入提交后未能写入存储的文件")
        sub.add_parser("verify", help="校验全部文书文件和签名扫描件的 SHA-256、SM3")
        sub.add_parser("catalogue", help="输出 docs/documents.md 的文书目录部分")

    def handle(self, *args, action: str, **options):
        if action == "templates":
            self._templates(options["check"])
        elif action == "catalogue":
            self.stdout.write(docgen.render())
        elif action == "flush":
            self.stdout.write(f"已写入 {blobs.flush()} 个文件")
        else:
            failures = services.verify_stored()
            for failure in failures:
                self.stderr.write(f"校验失败：{failure}")
            if failures:
                raise CommandError(f"{len(failures)} 个文件校验失败，已写入防篡改日志", returncode=1)
            self.stdout.write("全部文件校验通过")

    def _templates(self, check: bool) -> None:
        if not check:
            for path in defaults.build_all():
                self.stdout.write(str(path))
            return
        stale = [
            code
            for code, kind in kinds.KINDS.items()
            if defaults.path_for(code).read_bytes() != defaults.build(kind)
        ]
        if stale:
            raise CommandError(
                f"默认模板需要重新生成（sanxiang documents templates）：{'、'.join(stale)}", returncode=1
            )
        self.stdout.write("默认模板与生成结果一致")
