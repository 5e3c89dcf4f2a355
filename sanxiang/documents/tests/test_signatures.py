"""Signatures with their scans, and refusals with a witness (W8, W11; 留置送达/拒绝签字)."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from sanxiang.core.errors import Conflict, InvalidInput
from sanxiang.documents import blobs, services
from sanxiang.documents.choices import DocumentKind as K
from sanxiang.documents.models import Frozen, Signature
from sanxiang.ledger.models import Entry
from sanxiang.testing import flow

from .support import current, inspection_input

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_render")]


def png_scan(name: str = "scan.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "white").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture
def record(cast, new_case, today):
    return services.issue_document(
        cast.officer_a, new_case(), "inspection_record", inspection_input(cast, today)
    )


def test_a_party_signature_is_stored_with_its_hashed_scan(cast, record):
    scan = png_scan()
    signature = services.sign_document(
        cast.officer_a,
        record,
        {"role": "party", "outcome": "signed", "signer_name": "王某某"},
        {"scan": scan},
    )
    assert signature.scan_type == "image/png" and signature.scan_size == scan.size
    assert signature.scan_name == f"documents/scans/{signature.scan_sha256[:2]}/{signature.scan_sha256}.png"
    _, data = services.signature_scan(cast.officer_a, signature.pk)
    assert blobs.digest(data).sm3 == signature.scan_sm3
    entry = Entry.objects.get(index=signature.ledger_index)
    payload = json.loads(entry.payload)
    assert entry.kind == "document.signed" and payload["scan_sha256"] == signature.scan_sha256
    assert "王某某" not in entry.payload and payload["role"] == "party"


def test_an_officer_signs_as_themself(cast, record):
    officer = cast.officers_a[0]
    signature = services.sign_document(
        cast.officer_a,
        record,
        {"role": "officer", "outcome": "signed", "officer": officer.pk},
        {"scan": png_scan()},
    )
    assert signature.signer_name == "张明" and signature.officer == officer


def test_a_refusal_is_recorded_with_the_witness(cast, record):
    data = {
        "role": "party",
        "outcome": "refused",
        "signer_name": "王某某",
        "witness_name": "社区主任李某",
        "note": "拒绝签字",
    }
    signature = services.sign_document(cast.officer_a, record, data)
    assert (
        signature.outcome == "refused"
        and signature.witness_name == "社区主任李某"
        and not signature.scan_name
    )
    assert Entry.objects.get(index=signature.ledger_index).kind == "document.signature_refused"


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"role": "party", "outcome": "refused", "signer_name": "王某某"}, "witness_name", "见证人"),
        ({"role": "officer", "outcome": "refused", "witness_name": "李某"}, "outcome", "只有当事人"),
        ({"role": "party", "outcome": "signed", "signer_name": "王某某"}, "scan", "扫描件"),
        ({"role": "party", "outcome": "signed"}, "signer_name", "签名人姓名"),
        ({"role": "boss", "outcome": "signed"}, "role", ""),
    ],
)
def test_incomplete_signatures_are_refused_with_chinese_messages(cast, record, data, field, message):
    with pytest.raises(InvalidInput) as refused:
        services.sign_document(cast.officer_a, record, data)
    assert field in refused.value.fields and message in "".join(refused.value.fields[field])


def test_a_scan_must_be_a_pdf_or_an_image_and_not_in_the_future(cast, record):
    fake = SimpleUploadedFile("scan.png", b"MZ\x90\x00 not an image", content_type="image/png")
    with pytest.raises(InvalidInput, match="PDF、JPEG 或 PNG"):
        services.sign_document(
            cast.officer_a,
            record,
            {"role": "party", "outcome": "signed", "signer_name": "王某某"},
            {"scan": fake},
        )
    later = (timezone.localtime() + timezone.timedelta(days=2)).strftime("%Y-%m-%d %H:%M")
    with pytest.raises(InvalidInput) as refused:
        services.sign_document(
            cast.officer_a, record, {"role": "party", "outcome": "refused", "signer_name": "王某某",
                                     "witness_name": "李某", "signed_at": later},
        )  # fmt: skip
    assert "signed_at" in refused.value.fields


def test_signatures_are_append_only_and_only_on_current_documents(cast, new_case, today):
    notice = current(flow.to_notice(cast, new_case(), today), K.PENALTY_NOTICE)
    refusal = {"role": "recipient", "outcome": "refused", "signer_name": "王某某", "witness_name": "李某"}
    signature = services.sign_document(cast.officer_a, notice, refusal)
    signature.witness_name = "别人"
    with pytest.raises(Frozen):
        signature.save()
    with pytest.raises(Frozen):
        Signature.objects.all().delete()
    services.correct_document(cast.officer_a, notice, "更正", {"facts": "更正后的事实"})
    with pytest.raises(Conflict, match="已被更正"):
        services.sign_document(cast.officer_a, notice, refusal)
