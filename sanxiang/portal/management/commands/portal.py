"""`sanxiang portal ...`: the portal's read-only database role (PUB-04).

    sanxiang portal role [--name sanxiang_portal] [--database default] [--dry-run]
        create or update the PostgreSQL role that the portal alias connects as: LOGIN, SELECT on the
        published tables only (docs/portal.md, PUB-04), everything else revoked. Idempotent: run it
        again after every migrate. The password, if any, comes from SANXIANG_PORTAL_DB_PASSWORD.
    sanxiang portal tables
        list what the role may read: table, hidden columns, visible rows.

Exit codes: 0 success, 2 bad input (not PostgreSQL, tables missing).
"""

from __future__ import annotations

import os

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from sanxiang.portal import dbrole


class Command(BaseCommand):
    help = "门户只读数据库角色（PUB-04）：role 创建或更新角色及授权；tables 列出门户可读的表"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="{role,tables}")
        role = sub.add_parser("role", help="创建或更新门户只读角色（可重复运行）")
        role.add_argument("--name", default="sanxiang_portal", help="角色名，默认 sanxiang_portal")
        role.add_argument(
            "--database", default="default", help="以哪个数据库别名执行（需表的所有者或超级用户）"
        )
        role.add_argument("--dry-run", action="store_true", help="只打印将执行的 SQL")
        sub.add_parser("tables", help="列出门户可读的表、隐藏的列和可见的行")

    def handle(self, *args, action: str, **options):
        if action == "tables":
            for table, item in dbrole.published_tables().items():
                hidden = ",".join(item.hidden) or "-"
                self.stdout.write(f"{table}\t隐藏列：{hidden}\t可见行：{item.rows or '全部'}")
            return
        connection = connections[options["database"]]
        if connection.vendor != "postgresql":
            raise CommandError("门户只读角色仅支持 PostgreSQL", returncode=2)
        password = os.environ.get("SANXIANG_PORTAL_DB_PASSWORD") or None
        try:
            if options["dry_run"]:
                statements = [s for s, _ in dbrole.role_statements(connection, options["name"], password)]
            else:
                statements = dbrole.apply_role(connection, options["name"], password)
        except ValueError as exc:
            raise CommandError(str(exc), returncode=2) from None
        for statement in statements:
            self.stdout.write(statement.replace("%s", "'***'") + ";")
        verb = "将授权" if options["dry_run"] else "已授权"
        self.stderr.write(f"{verb}角色 {options['name']} 只读 {len(dbrole.PUBLISHED)} 张已公开数据表")
