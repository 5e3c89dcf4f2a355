"""`sanxiang demo` never mixes demo data into a database that holds other data."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from sanxiang.demo.services import DemoError, build_demo
from sanxiang.testing import factories as f

pytestmark = pytest.mark.django_db


def test_it_refuses_a_database_that_already_has_enforcement_bodies():
    f.make_body("河津市市场监督管理局", "河市监")
    with pytest.raises(DemoError, match="空数据库"):
        build_demo(20)


def test_the_accounts_option_fails_before_the_demo_exists():
    with pytest.raises(CommandError, match="演示数据尚未创建"):
        call_command("demo", "--accounts")
