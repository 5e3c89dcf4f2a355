"""Every read recomputes SHA-256 and SM3; a changed or missing file is refused and logged (REC-04)."""

import hashlib
import json

import pytest
from django.core.files.storage import default_storage

from sanxiang.core.errors import Conflict
from sanxiang.documents import blobs, services
from sanxiang.documents.choices import DocumentKind as K
from sanxiang.ledger.models import Entry
from sanxiang.testing import flow

from .support import current

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_render")]


@pytest.fixture
def notice(cast, new_case, today):
    document = current(flow.to_notice(cast, new_case(), today), K.PENALTY_NOTICE)
    blobs.flush()  # as after commit
    return document


def test_the_bytes_served_match_both_hashes(cast, notice):
    for fmt in ("pdf", "docx"):
        _, data = services.document_file(cast.officer_a, notice, fmt)
        name, sha256, sm3 = notice.file(fmt)
        assert hashlib.sha256(data).hexdigest() == sha256 and hashlib.new("sm3", data).hexdigest() == sm3


def test_a_flipped_byte_in_storage_is_detected_refused_and_logged(cast, notice):
    path = default_storage.path(notice.pdf_name)
    with open(path, "r+b") as handle:
        handle.seek(20)
        byte = handle.read(1)
        handle.seek(20)
        handle.write(bytes([byte[0] ^ 0x01]))
    with pytest.raises(Conflict) as refused:
        services.document_file(cast.officer_a, notice, "pdf")
    assert refused.value.code == "integrity_failure" and "校验失败" in refused.value.message
    entry = Entry.objects.filter(kind="document.integrity_failure").get()
    payload = json.loads(entry.payload)
    assert payload["file"] == "PDF" and payload["expected_sha256"] == notice.pdf_sha256
    assert payload["found_sha256"] not in ("missing", notice.pdf_sha256)
    assert services.document_file(cast.officer_a, notice, "docx")[1]  # the other rendition is intact


def test_a_missing_file_is_an_integrity_failure_too(cast, notice):
    default_storage.delete(notice.docx_name)
    with pytest.raises(Conflict, match="校验失败"):
        services.document_file(cast.officer_a, notice, "docx")
    assert (
        json.loads(Entry.objects.get(kind="document.integrity_failure").payload)["found_sha256"] == "missing"
    )


def test_the_nightly_verification_reports_and_logs_every_bad_file(cast, notice):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    call_command("documents", "verify")
    default_storage.delete(notice.pdf_name)
    with pytest.raises(CommandError) as failed:
        call_command("documents", "verify")
    assert failed.value.returncode == 1
    entry = Entry.objects.get(kind="document.integrity_failure")
    assert entry.actor_label == "system:documents" and entry.subject_id == str(notice.public_id)
