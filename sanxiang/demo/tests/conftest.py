"""A small demo city (30 cases), built once per test module and rolled back afterwards."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import override_settings

from sanxiang.ledger.testing import django_db_setup  # noqa: F401 - flushable test DB on PostgreSQL

SMALL_CITY_CASES = 30


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):  # noqa: F811
    from sanxiang.demo.services import build_demo
    from sanxiang.workdays import snapshot

    key = tmp_path_factory.mktemp("keys") / "ledger-ed25519.pem"
    hashers = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with django_db_blocker.unblock(), override_settings(LEDGER_KEY_PATH=key, PASSWORD_HASHERS=hashers):
        snapshot.invalidate()
        with transaction.atomic():
            yield build_demo(SMALL_CITY_CASES)
            transaction.set_rollback(True)
        snapshot.invalidate()
