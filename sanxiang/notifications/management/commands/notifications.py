"""sanxiang notifications deliver   retry e-mails left pending or failed (cron, e.g. every 15 minutes)"""

from django.core.management.base import BaseCommand

from sanxiang.notifications import services


class Command(BaseCommand):
    help = "通知定时任务：deliver 重发待发送或发送失败的通知邮件（每条最多 3 次）"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="{deliver}")
        sub.add_parser("deliver", help="重发待发送或发送失败的通知邮件")

    def handle(self, *args, action, **options):
        counts = services.deliver_pending()
        self.stdout.write(f"通知邮件：发送成功 {counts['sent']} 封，失败 {counts['failed']} 封\n")
