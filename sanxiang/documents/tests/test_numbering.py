"""文号: from the body's own sequence per kind and year; gap-free, rolled back with the step."""

import threading

import pytest
from django.core.files.storage import default_storage
from django.db import connection, connections, transaction

from sanxiang.cases import services as cases
from sanxiang.cases.choices import CaseState
from sanxiang.documents import blobs, services
from sanxiang.documents.choices import DocumentKind as K
from sanxiang.documents.models import Document, PendingFile
from sanxiang.documents.rendering import RenderFailed, pdf
from sanxiang.ledger.models import Entry
from sanxiang.orgs.models import NumberSequence
from sanxiang.testing import flow

from .support import inspection_input, iso

pytestmark = pytest.mark.usefixtures("fast_render")


def _pending_notice(cast, new_case, today):
    case = new_case()
    cases.run_transition(cast.head_a, case.pk, "file_case", {})
    cases.run_transition(cast.officer_a, case.pk, "submit_for_review", flow.submit_input())
    cases.run_transition(cast.reviewer_a, case.pk, "approve_review", {})
    return case


def _serve_notice(cast, case, today):
    return cases.run_transition(
        cast.officer_a, case.pk, "serve_notice", {"date": iso(today), "service_method": "direct"}
    )


def _stored_files(root) -> list:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.mark.django_db
def test_numbers_run_per_kind_and_year_and_records_carry_the_case_number(cast, new_case, today):
    first, second = _pending_notice(cast, new_case, today), _pending_notice(cast, new_case, today)
    _serve_notice(cast, first, today)
    _serve_notice(cast, second, today)
    numbers = [Document.objects.get(case=c, kind=K.PENALTY_NOTICE).number for c in (first, second)]
    assert numbers == [f"河市监告〔{today.year}〕1号", f"河市监告〔{today.year}〕2号"]
    filing = Document.objects.get(case=first, kind=K.FILING_APPROVAL)
    first.refresh_from_db()
    assert filing.number == "" and filing.reference == f"案件编号：{first.number}"


@pytest.mark.django_db
def test_a_failed_render_rolls_the_step_back_with_no_number_file_or_log_entry(
    cast, new_case, today, monkeypatch, private_media
):
    case = _pending_notice(cast, new_case, today)
    entries, pending, files = Entry.objects.count(), PendingFile.objects.count(), _stored_files(private_media)

    def broken(kind, context):
        raise OSError("disk full")

    with monkeypatch.context() as patch:
        patch.setattr(pdf, "render", broken)
        with pytest.raises(RenderFailed) as refused:
            _serve_notice(cast, case, today)
    assert refused.value.status == 409 and "行政处罚告知书生成失败" in refused.value.message
    case.refresh_from_db()
    assert case.state == CaseState.NOTICE_PENDING and case.notice_served_on is None
    assert Entry.objects.count() == entries and PendingFile.objects.count() == pending
    assert not NumberSequence.objects.filter(kind="doc:penalty_notice", last_value__gt=0).exists()
    assert _stored_files(private_media) == files
    _serve_notice(cast, case, today)
    assert Document.objects.get(case=case, kind=K.PENALTY_NOTICE).number == f"河市监告〔{today.year}〕1号"


@pytest.mark.django_db
def test_files_are_written_after_commit_and_a_rollback_leaves_none(
    cast, new_case, today, private_media, django_capture_on_commit_callbacks
):
    case = new_case()
    with pytest.raises(RuntimeError), transaction.atomic():
        services.issue_document(cast.officer_a, case, "inspection_record", inspection_input(cast, today))
        raise RuntimeError("a later failure in the same transaction")
    assert not Document.objects.exists() and not PendingFile.objects.exists()
    assert blobs.flush() == 0 and _stored_files(private_media) == []

    with django_capture_on_commit_callbacks(execute=True):
        document = services.issue_document(
            cast.officer_a, case, "inspection_record", inspection_input(cast, today)
        )
        assert not default_storage.exists(document.pdf_name)  # not before commit
    assert default_storage.exists(document.pdf_name) and default_storage.exists(document.docx_name)
    assert not PendingFile.objects.exists()
    assert document.pdf_name == f"documents/pdf/{document.pdf_sha256[:2]}/{document.pdf_sha256}.pdf"


@pytest.mark.django_db
def test_a_write_that_failed_after_commit_is_retried_on_read(cast, new_case, today, monkeypatch):
    case = new_case()
    document = services.issue_document(
        cast.officer_a, case, "inspection_record", inspection_input(cast, today)
    )
    assert PendingFile.objects.count() == 2  # the test transaction never commits: still pending
    _, data = services.document_file(cast.officer_a, document, "pdf")
    assert blobs.digest(data).sha256 == document.pdf_sha256
    assert PendingFile.objects.count() == 1 and blobs.flush() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are a PostgreSQL feature")
def test_parallel_steps_get_distinct_consecutive_numbers(cast, new_case, today):
    pending = [_pending_notice(cast, new_case, today) for _ in range(6)]
    errors = []

    def worker(case):
        try:
            _serve_notice(cast, case, today)
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(c,)) for c in pending]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    numbers = sorted(
        int(d.number.split("〕")[1][:-1]) for d in Document.objects.filter(kind=K.PENALTY_NOTICE)
    )
    assert numbers == list(range(1, 7))
