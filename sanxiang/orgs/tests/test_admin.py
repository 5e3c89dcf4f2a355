"""The admin follows the role matrix (AUTHZ-01): one action per area, nobody else gets in."""

import pytest

from sanxiang.orgs.choices import Role
from sanxiang.orgs.models import RoleGrant
from sanxiang.testing import factories as f

pytestmark = pytest.mark.django_db

PAGES = {
    "officers": "/admin/orgs/officer/",
    "bodies": "/admin/orgs/enforcementbody/",
    "grants": "/admin/orgs/rolegrant/",
    "add_grant": "/admin/orgs/rolegrant/add/",
    "calendar": "/admin/workdays/calendaryear/",
    "ledger": "/admin/ledger/entry/",
    "rules": "/admin/cases/procedurerules/",
}

# role -> pages it may open; every other page is refused
MATRIX = {
    Role.SYSTEM_ADMIN: {"officers", "bodies", "calendar", "rules"},
    Role.SECURITY_ADMIN: {"grants", "add_grant"},
    Role.AUDIT_ADMIN: {"ledger"},
    Role.OFFICER: set(),
    Role.SUPERVISOR: set(),
}


@pytest.mark.parametrize("role", list(MATRIX))
def test_each_admin_role_reaches_exactly_its_own_pages(client, role):
    body = f.make_body("河津市交通运输局", "河交")
    user = f.make_user(f"u.{role}", role, body=body if role == Role.OFFICER else None)
    client.force_login(user)
    for name, url in PAGES.items():
        status = client.get(url).status_code
        if name in MATRIX[role]:
            assert status == 200, (role, name, status)
        else:
            assert status in (302, 403), (role, name, status)


def test_the_audit_admin_cannot_change_ledger_entries(client):
    client.force_login(f.make_user("audit", Role.AUDIT_ADMIN))
    assert client.get("/admin/ledger/entry/add/").status_code == 403


def test_granting_a_second_admin_role_in_the_admin_is_refused(client):
    security = f.make_user("sec", Role.SECURITY_ADMIN)
    target = f.make_user("sys", Role.SYSTEM_ADMIN)
    client.force_login(security)
    response = client.post(
        PAGES["add_grant"], {"user": target.pk, "role": Role.AUDIT_ADMIN, "body": ""}, follow=True
    )
    assert "三权分立" in response.content.decode()
    assert list(RoleGrant.objects.filter(user=target).values_list("role", flat=True)) == [Role.SYSTEM_ADMIN]
