"""seed_demo on a small stand-in for the demo city: publishes profiles, leaves one random list pending."""

import pytest

from sanxiang.demo import data
from sanxiang.disclosure import selectors
from sanxiang.disclosure.demo import seed_demo
from sanxiang.orgs.choices import Role
from sanxiang.testing import factories as f

pytestmark = pytest.mark.django_db


def test_seed_demo_publishes_each_bodys_profile_once(cast):
    specs = {s.key: s for s in data.BODIES}
    bodies = {}
    for key in ("wlj", "zrj"):
        body = f.make_body(specs[key].name, specs[key].short_name + "D")
        f.make_user(f"{key}.disclose", Role.DISCLOSURE_STAFF, body=body)
        f.make_officer(body, f"{key}执法员")
        bodies[key] = body
    f.make_user("scj.msa", Role.MSA_REVIEWER)
    assert seed_demo() == 2
    assert seed_demo() == 0  # idempotent
    assert selectors.random_list_published(bodies["wlj"])
    assert not selectors.random_list_published(bodies["zrj"])
    assert selectors.item_list_published(bodies["zrj"]) and selectors.guides_and_flowcharts_current(
        bodies["zrj"]
    )
    assert len(selectors.public_windows(bodies["wlj"])) == 1
