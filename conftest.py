"""Project-wide pytest configuration and the named cast of users every test can use."""

import os
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, settings

from sanxiang.ledger.testing import django_db_setup  # noqa: F401  (flushable ledger on PostgreSQL)

settings.register_profile(
    "ci",
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.register_profile(
    "dev",
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


@dataclass
class Cast:
    """Two bodies: A (河市监) with a full staff, B (河环) whose people must see nothing of A."""

    body_a: object
    body_b: object
    officer_a: object  # user, assigned to A's cases
    officer_a2: object  # user, second investigator
    head_a: object  # department head
    chief_a: object  # agency head
    reviewer_a: object  # legal reviewer
    officer_b: object
    chief_b: object
    supervisor: object  # justice bureau, city-wide read
    sysadmin: object
    nobody: object  # logged in, no grant
    officers_a: list  # Officer rows of A assigned to cases (officer_a, officer_a2)
    host_a: object  # Officer of A who is not an investigator (hearing host)


@pytest.fixture
def cast(db):
    from sanxiang.orgs.choices import Role
    from sanxiang.testing import factories as f

    a = f.make_body("河津市市场监督管理局", "河市监", is_market_supervision=True)
    b = f.make_body("河津市生态环境局", "河环")
    officer_a = f.make_user("a.officer", Role.OFFICER, body=a)
    officer_a2 = f.make_user("a.officer2", Role.OFFICER, body=a)
    head_a = f.make_user("a.head", Role.DEPARTMENT_HEAD, body=a)
    o1 = f.make_officer(a, "张明", user=officer_a)
    o2 = f.make_officer(a, "李华", user=officer_a2)
    f.make_officer(a, "赵科长", user=head_a)
    host = f.make_officer(a, "周法制", legal=True)
    officer_b = f.make_user("b.officer", Role.OFFICER, body=b)
    f.make_officer(b, "孙环保", user=officer_b)
    return Cast(
        body_a=a,
        body_b=b,
        officer_a=officer_a,
        officer_a2=officer_a2,
        head_a=head_a,
        chief_a=f.make_user("a.chief", Role.AGENCY_HEAD, body=a),
        reviewer_a=f.make_user("a.reviewer", Role.LEGAL_REVIEWER, body=a),
        officer_b=officer_b,
        chief_b=f.make_user("b.chief", Role.AGENCY_HEAD, body=b),
        supervisor=f.make_user("sfj.supervisor", Role.SUPERVISOR),
        sysadmin=f.make_user("sys.admin", Role.SYSTEM_ADMIN),
        nobody=f.make_user("nobody"),
        officers_a=[o1, o2],
        host_a=host,
    )


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """PBKDF2 at production strength costs ~0.5 s a user; tests create dozens."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_calendar_cache():
    """A rolled-back test cannot tell the in-process calendar cache that its writes were undone."""
    from sanxiang.workdays import snapshot

    snapshot.invalidate()
    yield
    snapshot.invalidate()


@pytest.fixture(autouse=True, scope="session")
def _isolated_files(tmp_path_factory):
    """Tests never write documents, evidence or keys into the installation's data folder."""
    from django.conf import settings as django_settings
    from django.test import override_settings

    root = tmp_path_factory.getbasetemp() / "sanxiang-files"
    media = str(root / "media")
    evidence = {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": media}}
    override = override_settings(
        MEDIA_ROOT=media,
        LEDGER_KEY_PATH=root / "keys" / "ledger-ed25519.pem",
        SANXIANG_UPLOAD_TMP=str(root / "uploads-tmp"),
        STORAGES={**django_settings.STORAGES, "evidence": evidence},
    )
    override.enable()
    yield root
    override.disable()


@pytest.fixture(autouse=True)
def _fast_document_rendering(request, monkeypatch):
    """Documents are issued for real everywhere; only the .docx/PDF bytes (~0.25 s each) are stubbed
    outside the documents app's own tests, which render for real (and tests marked real_rendering)."""
    if "sanxiang/documents/" in str(request.node.fspath) or request.node.get_closest_marker("real_rendering"):
        return
    from sanxiang.demo.tests.conftest import _stub_rendering

    _stub_rendering(monkeypatch)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters and cached portal pages must not carry over from one test to the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
