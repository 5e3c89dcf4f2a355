"""`sanxiang demo` never mixes demo data into other data, and finishes an interrupted build."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from sanxiang.cases.models import Case
from sanxiang.demo import services
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


def test_an_interrupted_build_resumes_with_the_missing_cases(monkeypatch, settings, tmp_path, fast_rendering):
    settings.LEDGER_KEY_PATH, settings.MEDIA_ROOT = tmp_path / "ledger-ed25519.pem", tmp_path / "media"
    run = services._run

    def power_cut_at_the_third_case(plan):
        if plan.index == 2:
            raise DemoError("断电")
        return run(plan)

    monkeypatch.setattr(services, "_run", power_cut_at_the_third_case)
    with pytest.raises(DemoError, match="断电"):
        build_demo(6)
    assert Case.objects.count() == 2 and not services.demo_exists()

    monkeypatch.setattr(services, "_run", run)
    report = build_demo(99)  # the planned size was recorded by the first run
    assert report.created and Case.objects.count() == 6 and services.demo_exists()
