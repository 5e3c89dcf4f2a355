from django.core.management.base import BaseCommand

from sanxiang.cases.docgen import render


class Command(BaseCommand):
    help = "输出办案程序转换表（Markdown）"

    def handle(self, *args, **options):
        self.stdout.write(render(), ending="")
