"""`sanxiang desensitize`: text on stdin, desensitized text on stdout (for checking and bulk work).

    sanxiang desensitize --party 王小明 --party 李四 < decision.txt > public.txt
    sanxiang desensitize --other 张证人 --keep 赵执法 --log < decision.txt

Needs no database. With --log the redaction log (kind, span, replacement; no original text) goes to
stderr as JSON lines. Bad flags exit 2 (argparse); unreadable input exits 1 with a Chinese message.
"""

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from sanxiang.publication import desensitize as engine


class Command(BaseCommand):
    help = "从标准输入读取文本，脱敏后写到标准输出"
    requires_system_checks: list = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument(
            "--party", action="append", default=[], metavar="姓名", help="自然人当事人（可重复）"
        )
        parser.add_argument(
            "--org", action="append", default=[], metavar="名称", help="单位当事人（保留，可重复）"
        )
        parser.add_argument(
            "--other", action="append", default=[], metavar="姓名", help="须隐去的其他自然人（可重复）"
        )
        parser.add_argument(
            "--keep", action="append", default=[], metavar="姓名", help="保留的姓名，如执法人员（可重复）"
        )
        parser.add_argument(
            "--address", action="append", default=[], metavar="地址", help="已知住址（可重复）"
        )
        parser.add_argument(
            "--public", action="append", default=[], metavar="文字", help="不隐去的公开信息（可重复）"
        )
        parser.add_argument(
            "--party-style",
            choices=["surname", "mask"],
            default="surname",
            help="当事人显示：姓氏加某 或 某某",
        )
        parser.add_argument("--no-jieba", action="store_true", help="不使用分词识别疑似姓名")
        parser.add_argument("--log", action="store_true", help="把隐去记录以 JSON 行写到标准错误")

    def handle(self, *args, **options):
        try:
            text = sys.stdin.read()
        except UnicodeDecodeError:
            raise CommandError("输入不是 UTF-8 文本") from None
        people = engine.People(
            parties=tuple(options["party"]),
            organisations=tuple(options["org"]),
            officers=tuple(options["keep"]),
            others=tuple(options["other"]),
            addresses=tuple(options["address"]),
            public=tuple(options["public"]),
        )
        policy = engine.Policy(party_style=options["party_style"], use_jieba=not options["no_jieba"])
        result = engine.desensitize(text, people, policy)
        sys.stdout.write(result.text)
        sys.stdout.flush()
        if options["log"]:
            for r in result.redactions:
                sys.stderr.write(json.dumps(r.as_dict(), ensure_ascii=False) + "\n")
