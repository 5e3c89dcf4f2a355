"""Building a real case file for the tests, and rewriting ZIPs the way a tamperer would."""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from sanxiang.archive import layout
from sanxiang.documents.choices import DocumentKind
from sanxiang.documents.models import Document
from sanxiang.documents.services import correct_document, sign_document
from sanxiang.evidence.services import ingest_upload
from sanxiang.evidence.testing import attach_av
from sanxiang.testing import factories as f
from sanxiang.testing import flow


def jpeg(color: tuple[int, int, int] = (30, 120, 200)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (400, 300), color).save(out, "JPEG")
    return out.getvalue()


def drive_case(cast, new_case):
    """A penalty case through the real services: filed, inspected (record, photo, video), notice served,
    decided, the decision corrected once (so one document is superseded), the corrected decision
    signed by the party with a scan, and a refusal to sign (no scan) on the inspection record."""
    case = new_case()
    day = timezone.localdate() - datetime.timedelta(days=30)
    flow.to_notice(cast, case, day)
    flow.record_inspection(cast, case, day)
    ingest_upload(
        cast.officer_a, case.pk, {"step": "field"}, SimpleUploadedFile("现场照片.jpg", jpeg(), "image/jpeg")
    )
    attach_av(cast.officer_a, case, "field", size=300_000)
    flow.decide(cast, case, day + datetime.timedelta(days=10))
    decision = Document.objects.get(case=case, kind=DocumentKind.PENALTY_DECISION)
    corrected = correct_document(cast.chief_a, decision, "当事人名称笔误", {})
    sign_document(
        cast.officer_a,
        corrected,
        {"role": "party", "outcome": "signed", "signer_name": "王某某"},
        {"scan": SimpleUploadedFile("签名页.jpg", jpeg((250, 250, 250)), "image/jpeg")},
    )
    record = Document.objects.get(case=case, kind=DocumentKind.INSPECTION_RECORD)
    sign_document(
        cast.officer_a,
        record,
        {"role": "party", "outcome": "refused", "signer_name": "王某某", "witness_name": "社区主任李某"},
    )
    case.refresh_from_db()
    return case


def minimal_cast():
    """The part of the root `cast` fixture a module-scoped export needs (fixtures there are per test)."""
    from types import SimpleNamespace

    from sanxiang.orgs.choices import Role

    a = f.make_body("河津市市场监督管理局", "河市监", is_market_supervision=True)
    officer_a = f.make_user("a.officer", Role.OFFICER, body=a)
    officer_a2 = f.make_user("a.officer2", Role.OFFICER, body=a)
    head_a = f.make_user("a.head", Role.DEPARTMENT_HEAD, body=a)
    o1 = f.make_officer(a, "张明", user=officer_a)
    o2 = f.make_officer(a, "李华", user=officer_a2)
    f.make_officer(a, "赵科长", user=head_a)
    return SimpleNamespace(
        body_a=a,
        officer_a=officer_a,
        officer_a2=officer_a2,
        head_a=head_a,
        chief_a=f.make_user("a.chief", Role.AGENCY_HEAD, body=a),
        reviewer_a=f.make_user("a.reviewer", Role.LEGAL_REVIEWER, body=a),
        officers_a=[o1, o2],
    )


def members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def manifest_of(data: bytes) -> dict:
    return json.loads(members(data)[layout.MANIFEST])


def repack(data: bytes, changes: dict[str, bytes | None], *, fix_manifest: bool = False) -> bytes:
    """A new ZIP with members replaced (bytes), removed (None) or added; optionally with a manifest
    updated to the new digests, as an attacker who understands the format would do."""
    files = members(data)
    for name, content in changes.items():
        if content is None:
            files.pop(name, None)
        else:
            files[name] = content
    if fix_manifest:
        manifest = json.loads(files[layout.MANIFEST])
        for item in manifest["files"]:
            if item["path"] in files:
                content = files[item["path"]]
                item["size"] = len(content)
                item["sha256"] = hashlib.sha256(content).hexdigest()
                item["sm3"] = hashlib.new("sm3", content).hexdigest()
        manifest["files"] = [i for i in manifest["files"] if i["path"] in files]
        files[layout.MANIFEST] = json.dumps(manifest, ensure_ascii=False).encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name, content in files.items():
            zf.writestr(name, content)
    return out.getvalue()


def flip(content: bytes, at: int | None = None) -> bytes:
    """The same bytes with one byte changed (by default in the middle)."""
    at = len(content) // 2 if at is None else at
    return content[:at] + bytes([content[at] ^ 0x01]) + content[at + 1 :]


def export_bytes(prepared) -> bytes:
    return b"".join(prepared.chunks)
