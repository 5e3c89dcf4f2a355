"""Who may do what with a body's disclosure, on top of orgs.permissions (AUTHZ-02).

- DISCLOSURE_MANAGE (the body's disclosure staff): edit, submit, publish, declare a basis change;
- DISCLOSURE_APPROVE (the justice bureau's supervisors): approve or return every kind except the
  random-inspection list, and declare a basis change for any body;
- RANDOM_LIST_APPROVE (the market-supervision department's reviewers): approve or return the
  random-inspection items (随机抽查事项清单), which is all they see.
A user who may not see a body's disclosure gets the same 404 as for a missing one.
"""

from __future__ import annotations

from sanxiang.orgs import access
from sanxiang.orgs import permissions as perm

from .choices import ItemKind
from .content import spec


def may_manage(user, body_id: int) -> bool:
    return access.can(user, perm.DISCLOSURE_MANAGE, body_id)


def may_approve(user, kind: str, body_id: int) -> bool:
    return access.can(user, spec(kind).approve_right, body_id)


def visible_kinds(user, body_id: int) -> set[str]:
    if may_manage(user, body_id) or access.can(user, perm.DISCLOSURE_APPROVE, body_id):
        return set(ItemKind.values)
    if access.can(user, perm.RANDOM_LIST_APPROVE, body_id):
        return {ItemKind.RANDOM_ITEM}
    return set()


def may_see_body(user, body_id: int) -> bool:
    return bool(visible_kinds(user, body_id))


def may_declare_change(user, body_id: int) -> bool:
    return may_manage(user, body_id) or access.can(user, perm.DISCLOSURE_APPROVE, body_id)
