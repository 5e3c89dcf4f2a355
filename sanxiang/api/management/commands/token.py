"""`sanxiang token create USERNAME [--name NAME]` prints a new API token; `token revoke PREFIX`."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from sanxiang.api.models import ApiToken


class Command(BaseCommand):
    help = "创建或吊销 API 令牌"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="为用户创建令牌（只显示一次）")
        create.add_argument("username")
        create.add_argument("--name", default="")
        revoke = sub.add_parser("revoke", help="按前缀吊销令牌")
        revoke.add_argument("prefix")

    def handle(self, *args, **options):
        if options["action"] == "create":
            user = get_user_model().objects.filter(username=options["username"], is_active=True).first()
            if user is None:
                raise CommandError(f"用户不存在或已停用：{options['username']}", returncode=2)
            _row, token = ApiToken.issue(user, options["name"])
            self.stdout.write(token)
        else:
            count = ApiToken.objects.filter(prefix=options["prefix"], revoked_at__isnull=True).update(
                revoked_at=timezone.now()
            )
            if not count:
                raise CommandError(f"没有前缀为 {options['prefix']} 的有效令牌", returncode=2)
            self.stdout.write(f"已吊销 {count} 个令牌")
