"""Role grants (AUTHZ-01) and body sequences."""

import pytest
from django.db import transaction

from sanxiang.core.errors import Conflict, InvalidInput
from sanxiang.orgs.choices import Role
from sanxiang.orgs.services import grant_role, next_number
from sanxiang.testing import factories as f

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("second", [Role.SECURITY_ADMIN, Role.AUDIT_ADMIN, Role.OFFICER])
def test_an_admin_account_never_holds_a_second_role(second):
    body = f.make_body("河津市交通运输局", "河交")
    user = f.make_user("sys", Role.SYSTEM_ADMIN)
    with pytest.raises(Conflict) as refused:
        grant_role(user, second, body if second == Role.OFFICER else None)
    assert refused.value.code == "admin_role_conflict"
    assert list(user.grants.values_list("role", flat=True)) == [Role.SYSTEM_ADMIN]


def test_a_business_user_cannot_become_an_admin():
    body = f.make_body("河津市交通运输局", "河交")
    user = f.make_user("officer", Role.OFFICER, body=body)
    with pytest.raises(Conflict):
        grant_role(user, Role.AUDIT_ADMIN)


def test_business_roles_need_a_body():
    with pytest.raises(InvalidInput):
        grant_role(f.make_user("x"), Role.OFFICER)


def test_sequences_count_per_body_kind_and_year_and_roll_back_with_the_caller():
    body = f.make_body("河津市交通运输局", "河交")
    with transaction.atomic():
        assert [next_number(body, "case", 2026) for _ in range(3)] == [1, 2, 3]
        assert next_number(body, "case", 2027) == 1
    try:
        with transaction.atomic():
            assert next_number(body, "case", 2026) == 4
            raise RuntimeError("the operation failed")
    except RuntimeError:
        pass
    with transaction.atomic():
        assert next_number(body, "case", 2026) == 4  # no gap from the failed operation


@pytest.mark.django_db(transaction=True)
def test_next_number_refuses_to_run_outside_a_transaction():
    body = f.make_body("河津市交通运输局", "河交")
    with pytest.raises(RuntimeError):
        next_number(body, "case", 2026)
