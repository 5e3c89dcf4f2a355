"""Fixtures for the documents tests: the shared cast and cases, private storage, a fast PDF stub."""

import io
import json
import zipfile

import pytest

from sanxiang.cases.tests.conftest import new_case, today  # noqa: F401
from sanxiang.ledger.testing import django_db_setup  # noqa: F401 - flushable test DB on PostgreSQL


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Each test writes its files into its own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def fast_pdf(monkeypatch):
    """Real .docx files, stub PDFs (for tests that read the Word file only)."""
    from sanxiang.documents.rendering import pdf

    monkeypatch.setattr(pdf, "render", lambda kind, context: b"%PDF-1.4\n% stub\n" + repr(context).encode())


@pytest.fixture
def fast_render(monkeypatch):
    """Tests about numbering, access or the procedure need files, not real ones (~0.3 s each)."""
    from sanxiang.documents.rendering import docx, pdf

    def content(context) -> bytes:
        return json.dumps(context, ensure_ascii=False, sort_keys=True).encode()

    def fake_docx(template, context):
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as package:
            package.writestr("word/document.xml", content(context))
        return out.getvalue()

    monkeypatch.setattr(docx, "render", fake_docx)
    monkeypatch.setattr(pdf, "render", lambda kind, context: b"%PDF-1.4\n% stub\n" + content(context))


@pytest.fixture
def web(settings):
    """The staff UI and API of this app, mounted whether or not sanxiang/urls.py includes them yet."""
    settings.ROOT_URLCONF = "sanxiang.documents.tests.urls"
