"""Fixtures of the browser tests: headless Debian Chromium driven by Playwright against live_server."""

import os
from pathlib import Path

import pytest
from django.db import connections

from sanxiang.cases.tests.conftest import new_case  # noqa: F401
from sanxiang.publication.tests.conftest import day, decided, discloser, publish  # noqa: F401

CHROMIUM = Path(os.environ.get("SANXIANG_CHROMIUM", "/usr/bin/chromium"))
# Debian's wrapper script; --no-sandbox because CI runs as root; no network beyond the live server.
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-extensions",
    "--no-first-run",
]


@pytest.fixture
def browser_page(monkeypatch):
    """A Chromium page (zh-CN, phone-width); skipped only when the browser is not installed."""
    if not CHROMIUM.exists():
        pytest.skip(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium fonts-noto-cjk)")
    # Playwright's sync API runs an event loop in this thread: the ORM calls of the fixtures and the
    # live server's own thread are still synchronous, so Django's async guard must stand down here.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(locale="zh-CN", viewport={"width": 412, "height": 915})
        page = context.new_page()
        page.set_default_timeout(15_000)
        try:
            yield page
        finally:
            # While Playwright's loop runs, Django keeps this thread's connections in a separate
            # (context-local) store: close the test's connection here, or PostgreSQL cannot drop
            # the test database at the end ("being accessed by other users").
            connections.close_all()
            context.close()
            browser.close()


@pytest.fixture
def fresh_caches():
    """Public pages may be cached (issue 5 §5): a flushed database must not meet pages of an earlier test."""
    from django.core.cache import caches

    for alias in caches:
        caches[alias].clear()
    yield
    for alias in caches:
        caches[alias].clear()
