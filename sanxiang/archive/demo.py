"""Demo data of the electronic case file: one closed demo case exported to a sample ZIP.

Run after `sanxiang demo` built the city. Idempotent: a case that already has an export is left
alone. The ZIP goes to $SANXIANG_DATA_DIR/demo/, so `sanxiang archive verify` has a file to check.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from sanxiang.cases.choices import CaseState
from sanxiang.cases.models import Case
from sanxiang.orgs.choices import Role
from sanxiang.orgs.models import RoleGrant

from . import services
from .choices import Channel
from .models import Export


def _say(stdout, text: str) -> None:
    if stdout is not None:
        stdout.write(f"{text}\n")


def seed_demo(stdout=None) -> Path | None:
    """Export the first closed case of the demo city; the ZIP's path, or None when nothing was done."""
    if Export.objects.exists():
        _say(stdout, "电子卷宗演示数据已存在，未重复导出")
        return None
    for case in Case.objects.filter(state__in=[CaseState.CLOSED, CaseState.ARCHIVED]).order_by("id"):
        grant = RoleGrant.objects.filter(role=Role.AGENCY_HEAD, body=case.body).select_related("user").first()
        if grant is None:
            continue
        prepared = services.export_case(grant.user, case, reason="演示：电子卷宗导出", channel=Channel.CLI)
        folder = Path(settings.DATA_DIR) / "demo"
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / prepared.file_name
        with open(target, "wb") as out:
            for chunk in prepared.chunks:
                out.write(chunk)
        _say(stdout, f'已导出演示卷宗 {target}（校验：sanxiang archive verify "{target}"）')
        return target
    _say(stdout, "未找到已结案的演示案件，请先运行 sanxiang demo")
    return None
