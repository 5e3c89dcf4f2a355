"""Steps of the procedure issue their documents inside the step's transaction (REC-03, AUD-01)."""

import json

import pytest

from sanxiang.cases import services as cases
from sanxiang.cases.choices import CaseState
from sanxiang.core.errors import Conflict
from sanxiang.documents.choices import DocumentKind as K
from sanxiang.documents.models import Document
from sanxiang.ledger.models import Entry
from sanxiang.testing import flow

from .support import full_hearing_case

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_render")]


def test_each_step_issues_its_document_linked_to_the_history_row(cast, new_case, monkeypatch):
    case = full_hearing_case(cast, new_case, monkeypatch)
    issued = list(Document.objects.filter(case=case).select_related("event").order_by("id"))
    by_step = {d.event.transition: d.kind for d in issued if d.event}
    assert by_step == {
        "file_case": K.FILING_APPROVAL,
        "preserve_evidence": K.PRESERVATION_NOTICE,
        "take_measure": K.MEASURE_DECISION,
        "serve_notice": K.PENALTY_NOTICE,
        "schedule_hearing": K.HEARING_NOTICE,
        "record_hearing": K.HEARING_RECORD,
        "decide": K.PENALTY_DECISION,
        "serve_decision": K.SERVICE_RECEIPT,
        "close": K.CLOSING_APPROVAL,
    }
    manual = [d.kind for d in issued if d.event is None]
    assert manual == [K.INSPECTION_RECORD, K.INTERVIEW_RECORD]
    notice = next(d for d in issued if d.kind == K.PENALTY_NOTICE)
    assert notice.context["hearing_right"] is True and "听证" in notice.context["hearing_text"]
    assert all(d.issued_on == d.event.effective_on for d in issued if d.event)


def test_every_document_is_a_ledger_entry_without_personal_data(cast, new_case, today):
    case = flow.to_notice(cast, new_case(), today)
    party = case.parties.get()
    for document in Document.objects.filter(case=case):
        entry = Entry.objects.get(index=document.ledger_index)
        payload = json.loads(entry.payload)
        assert entry.kind == "document.issued" and entry.subject_id == str(document.public_id)
        assert payload["case"] == str(case.public_id) and payload["number"] == document.number
        assert payload["pdf_sha256"] == document.pdf_sha256 and payload["docx_sm3"] == document.docx_sm3
        assert payload["template_version"] == 0
        assert party.name not in entry.payload and party.id_number not in entry.payload


def test_a_refused_step_issues_nothing(cast, new_case, today):
    case = flow.to_notice(cast, new_case(), today)
    before = Document.objects.count()
    with pytest.raises(Conflict, match="CASE-07"):
        flow.decide(cast, case, today)
    assert Document.objects.count() == before


def test_a_decision_document_carries_the_decision_number_and_a_no_penalty_one_its_own_kind(
    cast, new_case, today
):
    case = flow.to_notice(cast, new_case(), today, proposal="no_penalty", penalty_kinds=[], fine_amount="")
    cases.run_transition(cast.officer_a, case.pk, "waive_statement", {})
    case = flow.decide(cast, case, today, decision_kind="no_penalty", penalty_kinds=[], fine_amount="")
    document = Document.objects.get(case=case, kind=K.NO_PENALTY_DECISION)
    assert document.number == case.decision_number == f"河市监不罚〔{today.year}〕1号"
    assert not Document.objects.filter(case=case, kind=K.PENALTY_DECISION).exists()


def test_a_transfer_issues_the_transfer_letter_listing_the_documents(cast, new_case):
    case = new_case()
    cases.run_transition(cast.head_a, case.pk, "file_case", {})
    case = cases.run_transition(
        cast.chief_a, case.pk, "transfer", {"transferred_to": "河津市公安局", "reason": "涉嫌犯罪"}
    )
    assert case.state == CaseState.TRANSFERRED
    letter = Document.objects.get(case=case, kind=K.TRANSFER_LETTER)
    assert letter.number.startswith("河市监移〔") and letter.context["receiver"] == "河津市公安局"
    assert any("立案审批表" in item for item in letter.context["attachments"])
