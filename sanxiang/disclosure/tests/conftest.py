import pytest

from sanxiang.disclosure import services
from sanxiang.disclosure.testing import sample
from sanxiang.orgs.choices import Role
from sanxiang.testing import factories as f


@pytest.fixture
def staff(cast):
    """Disclosure staff of A and B, and the market-supervision reviewer (city-wide)."""

    class Staff:
        a = f.make_user("a.disclose", Role.DISCLOSURE_STAFF, body=cast.body_a)
        b = f.make_user("b.disclose", Role.DISCLOSURE_STAFF, body=cast.body_b)
        msa = f.make_user("scj.msa", Role.MSA_REVIEWER)

    return Staff


@pytest.fixture
def publish(cast, staff):
    """A factory: an item of body A taken through draft -> submitted -> approved -> published."""

    def make(kind, body=None, manager=None, **changes):
        body = body or cast.body_a
        manager = manager or (staff.a if body == cast.body_a else staff.b)
        approver = staff.msa if kind == "random_item" else cast.supervisor
        item = services.create_item(manager, body.pk, kind, sample(kind, **changes))
        services.submit(manager, item.pk)
        services.approve(approver, item.pk)
        services.publish(manager, item.pk)
        item.refresh_from_db()
        return item

    return make
