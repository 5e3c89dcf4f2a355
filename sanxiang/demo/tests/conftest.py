"""A small demo city (30 cases), built once per test module and rolled back afterwards."""

from __future__ import annotations

import json

import pytest
from django.db import transaction
from django.test import override_settings

from sanxiang.ledger.testing import django_db_setup  # noqa: F401 - flushable test DB on PostgreSQL

SMALL_CITY_CASES = 30


def _stub_pdf(kind, context) -> bytes:
    """The documents are issued for real; only the rendering (~0.3 s a page) is skipped in these tests.

    A full `sanxiang demo` run renders them (docs/demo.md); the documents app tests the rendering.
    """
    return b"%PDF-1.4\n% stub\n" + json.dumps(context, ensure_ascii=False, sort_keys=True).encode()


def _stub_docx(template, context) -> bytes:
    return b"PK stub " + json.dumps(context, ensure_ascii=False, sort_keys=True).encode()


def _stub_rendering(patch) -> None:
    from sanxiang.documents.rendering import docx, pdf

    patch.setattr(pdf, "render", _stub_pdf)
    patch.setattr(docx, "render", _stub_docx)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):  # noqa: F811
    from sanxiang.demo.services import build_demo
    from sanxiang.workdays import snapshot

    folder = tmp_path_factory.mktemp("demo")
    hashers = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        pytest.MonkeyPatch.context() as patch,
        django_db_blocker.unblock(),
        override_settings(
            LEDGER_KEY_PATH=folder / "ledger.pem", MEDIA_ROOT=folder / "media", PASSWORD_HASHERS=hashers
        ),
    ):
        _stub_rendering(patch)
        snapshot.invalidate()
        with transaction.atomic():
            yield build_demo(SMALL_CITY_CASES)
            transaction.set_rollback(True)
        snapshot.invalidate()


@pytest.fixture
def fast_rendering(monkeypatch):
    _stub_rendering(monkeypatch)
