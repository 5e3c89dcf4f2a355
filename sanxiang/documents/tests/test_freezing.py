"""An issued document never changes; a correction is a new document naming the old one."""

import json

import pytest
from django.db import DatabaseError, connection, transaction

from sanxiang.core.errors import Conflict, Forbidden, InvalidInput
from sanxiang.documents import services
from sanxiang.documents.choices import DocumentKind as K
from sanxiang.documents.choices import DocumentStatus
from sanxiang.documents.models import Document, Frozen
from sanxiang.ledger.models import Entry
from sanxiang.testing import flow

from .support import current

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_render")]


@pytest.fixture
def notice(cast, new_case, today):
    return current(flow.to_notice(cast, new_case(), today), K.PENALTY_NOTICE)


def test_content_hashes_and_files_cannot_be_changed_or_deleted(notice):
    notice.context = dict(notice.context, facts="改过的事实")
    with pytest.raises(Frozen, match="不可修改"):
        notice.save()
    with pytest.raises(Frozen):
        notice.save(update_fields=["pdf_sha256"])
    with pytest.raises(Frozen):
        Document.objects.filter(pk=notice.pk).update(pdf_sha256="0" * 64)
    with pytest.raises(Frozen):
        Document.objects.filter(pk=notice.pk).delete()
    with pytest.raises(Frozen):
        notice.delete()
    notice.refresh_from_db()
    assert notice.context["facts"] != "改过的事实" and notice.status == DocumentStatus.ISSUED


def test_a_correction_keeps_the_number_and_supersedes_the_old_document(cast, notice):
    new = services.correct_document(
        cast.officer_a,
        notice,
        "违法事实表述有误",
        {"facts": "当事人在其经营场所销售超过保质期的饼干 12 袋。"},
    )
    old = Document.objects.get(pk=notice.pk)
    assert old.status == DocumentStatus.SUPERSEDED and old.superseded_at
    assert old.context == notice.context and old.pdf_sha256 == notice.pdf_sha256  # kept as it was
    assert new.corrects == old and new.number == old.number and new.status == DocumentStatus.ISSUED
    assert new.context["facts"].startswith("当事人在其经营场所销售超过保质期的饼干")
    assert new.pdf_sha256 != old.pdf_sha256 and new.correction_reason == "违法事实表述有误"
    kinds = list(
        Entry.objects.filter(subject_id__in=[str(old.public_id), str(new.public_id)]).values_list(
            "kind", flat=True
        )
    )
    assert kinds == ["document.issued", "document.superseded", "document.issued"]
    assert json.loads(Entry.objects.get(index=new.ledger_index).payload)["corrects"] == str(old.public_id)
    with pytest.raises(Conflict, match="已被更正"):
        services.correct_document(cast.officer_a, old, "再次更正", {"facts": "x"})


def test_a_correction_needs_a_reason_and_may_not_touch_the_identity_of_the_document(cast, notice):
    with pytest.raises(InvalidInput, match="更正理由"):
        services.correct_document(cast.officer_a, notice, " ", {"facts": "x"})
    with pytest.raises(InvalidInput) as refused:
        services.correct_document(
            cast.officer_a, notice, "改文号", {"number": "河市监告〔2026〕99号", "nonsense": "x"}
        )
    assert "number" in refused.value.message and "nonsense" in refused.value.message
    with pytest.raises(InvalidInput):
        services.correct_document(cast.officer_a, notice, "理由", {"facts": ["不是文字"]})


def test_only_those_who_may_issue_a_kind_may_correct_it(cast, new_case, today):
    case = flow.to_notice(cast, new_case(), today)
    filing = current(case, K.FILING_APPROVAL)
    with pytest.raises(Forbidden):
        services.correct_document(cast.officer_a, filing, "理由", {"facts": "x"})  # needs case.approve
    assert services.correct_document(cast.head_a, filing, "理由", {"facts": "x"}).corrects_id == filing.pk


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the triggers are PostgreSQL's")
def test_the_database_refuses_raw_changes_too(cast, notice):
    for statement in (
        "UPDATE documents_document SET pdf_sha256 = 'x' WHERE id = %s",
        "DELETE FROM documents_document WHERE id = %s",
    ):
        with pytest.raises(DatabaseError, match="frozen|cannot be deleted"), transaction.atomic():
            connection.cursor().execute(statement, [notice.pk])
    with transaction.atomic():  # the status may still change (a correction supersedes)
        connection.cursor().execute(
            "UPDATE documents_document SET status = 'issued' WHERE id = %s", [notice.pk]
        )
