"""Writes for the organisation domain: role grants, numbering, officers and credentials."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from sanxiang.core.errors import Conflict, InvalidInput

from .choices import ADMIN_ROLES, Role
from .models import EnforcementBody, NumberSequence, RoleGrant, User
from .permissions import CITY_WIDE_ROLES


def grant_role(user: User, role: str, body: EnforcementBody | None = None) -> RoleGrant:
    """Give `user` a role. AUTHZ-01: the three admin roles exclude each other and every business role."""
    if role not in Role.values:
        raise InvalidInput(f"未知角色：{role}")
    if body is None and role not in CITY_WIDE_ROLES:
        raise InvalidInput(f"角色“{Role(role).label}”必须指定执法主体")
    with transaction.atomic():
        User.objects.select_for_update().get(pk=user.pk)
        held = set(user.grants.values_list("role", flat=True))
        if role in ADMIN_ROLES and held - {role}:
            raise Conflict(
                "系统管理员、安全管理员、审计管理员三类管理员账号不得兼任其他角色（三权分立）",
                code="admin_role_conflict",
            )
        if role not in ADMIN_ROLES and held & ADMIN_ROLES:
            raise Conflict("管理员账号不得兼任业务角色（三权分立）", code="admin_role_conflict")
        grant, _ = RoleGrant.objects.get_or_create(user=user, role=role, body=body)
    if hasattr(user, "_sanxiang_grants"):
        del user._sanxiang_grants
    return grant


def next_number(body: EnforcementBody, kind: str, year: int) -> int:
    """The next value of a body's own sequence; must run inside the caller's transaction.

    The row lock makes concurrent callers queue, and because the increment commits or rolls back
    with the caller's change, a failed operation never consumes a number (no gaps).
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_number() must be called inside transaction.atomic()")
    for _attempt in range(3):
        sequence = NumberSequence.objects.select_for_update().filter(body=body, kind=kind, year=year).first()
        if sequence is None:
            try:
                with transaction.atomic():
                    NumberSequence.objects.create(body=body, kind=kind, year=year, last_value=0)
            except IntegrityError:
                pass  # another transaction created it first; lock it on the next pass
            continue
        sequence.last_value += 1
        sequence.save(update_fields=["last_value"])
        return sequence.last_value
    raise Conflict("编号生成冲突，请重试")
