"""Who sees which scorecards and reports (AUTHZ-02), on top of orgs.permissions.

- The justice bureau (SUPERVISION_MANAGE, city-wide) sees every body's scorecard and report and
  runs campaigns.
- A body's staff (any grant in that body that can read its cases) see only their own body's
  scorecard; its report is read and filed by holders of SELF_INSPECTION_FILE there.
- Anything of another body answers 404, like something that does not exist.
"""

from __future__ import annotations

from sanxiang.core.errors import Forbidden, NotFound
from sanxiang.orgs import access
from sanxiang.orgs import permissions as perm


def is_bureau(user) -> bool:
    """The justice bureau's supervisors: the only holders of SUPERVISION_MANAGE (city-wide)."""
    return access.can(user, perm.SUPERVISION_MANAGE)


def require_bureau(user) -> None:
    if not is_bureau(user):
        raise Forbidden("只有司法局执法监督人员可以进行此操作")


def scorecard_body_ids(user) -> set[int] | None:
    """None = every body (the bureau); else the bodies where the user holds a case-reading grant."""
    if is_bureau(user):
        return None
    return {
        g.body_id
        for g in access.grants_of(user)
        if g.body_id and perm.CASE_VIEW in perm.ROLE_RIGHTS[g.role].actions
    }


def may_see_scorecard(user, body_id: int) -> bool:
    allowed = scorecard_body_ids(user)
    return allowed is None or body_id in allowed


def require_scorecard(user, body_id: int) -> None:
    if not may_see_scorecard(user, body_id):
        raise NotFound("执法主体不存在")


def report_body_ids(user) -> set[int] | None:
    if is_bureau(user):
        return None
    return {
        g.body_id
        for g in access.grants_of(user)
        if g.body_id and perm.SELF_INSPECTION_FILE in perm.ROLE_RIGHTS[g.role].actions
    }


def may_file(user, body_id: int) -> bool:
    return any(
        g.body_id == body_id and perm.SELF_INSPECTION_FILE in perm.ROLE_RIGHTS[g.role].actions
        for g in access.grants_of(user)
    )
