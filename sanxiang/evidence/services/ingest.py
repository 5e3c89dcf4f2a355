"""Ingest: resumable upload sessions, single-request uploads and derived copies.

The protocol (docs/evidence.md): open a session with the declared size → send chunks strictly in
order (`Upload-Offset` or `Content-Range`) → complete. Chunks are appended with unbuffered writes
to `<upload tmp>/<session>.part` under an exclusive flock and fsynced before they are
acknowledged, so an acknowledged offset survives a crash (DUR-02). SHA-256 and SM3 advance with
every chunk; how their state survives across requests and processes is in partial.py.

A file is acknowledged only when its blob is durable in storage and its Evidence row, custody
row and ledger entry have committed together; a crash in between leaves at worst an unreferenced
blob, which `sanxiang evidence gc` removes (DUR-02/03).
"""

from __future__ import annotations

import contextlib
import datetime
import logging
import os
import re
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone

from sanxiang.cases.models import Case, CaseEvent
from sanxiang.cases.services import form_data
from sanxiang.core.errors import Conflict, DomainError, InvalidInput, NotFound
from sanxiang.core.ids import parse_public_id
from sanxiang.ledger.services import append as ledger_append
from sanxiang.orgs import access
from sanxiang.orgs import permissions as perm
from sanxiang.orgs.models import Officer

from .. import conf
from ..choices import CustodyAction, UploadState
from ..conf import human_size
from ..content import SNIFF_BYTES, TYPES, FileType, check_content, clean_name, file_type_for
from ..errors import EvidenceBlocked, LengthRequired, OffsetMismatch, QuotaExceeded, TooLarge
from ..forms import EvidenceMetaForm, SessionForm, validated
from ..models import Device, Evidence, UploadSession
from . import custody, partial
from .storage import blob_key, blob_store, storage_errors

_CONTENT_RANGE = re.compile(r"bytes (\d+)-(\d+)/(\d+|\*)")
log = logging.getLogger("sanxiang.evidence")


@dataclass
class Spec:
    """Everything about a file except its bytes: where it belongs and how it was recorded."""

    case: Case
    step: str
    name: str
    ftype: FileType
    device: Device | None = None
    recorded_by: Officer | None = None
    recorded_start: datetime.datetime | None = None
    recorded_end: datetime.datetime | None = None
    place: str = ""
    description: str = ""
    derived_from: Evidence | None = None
    derivation: str = ""

    def meta(self) -> dict:
        return {
            "device": self.device.pk if self.device else None,
            "recorded_by": self.recorded_by.pk if self.recorded_by else None,
            "recorded_start": self.recorded_start.isoformat() if self.recorded_start else None,
            "recorded_end": self.recorded_end.isoformat() if self.recorded_end else None,
            "place": self.place,
            "description": self.description,
            "derivation": self.derivation,
        }


# --- sessions ----------------------------------------------------------------------------------


def create_session(actor, case_id, data: dict) -> UploadSession:
    """Open a resumable upload for a step of a case (needs case.handle on it)."""
    case = _case_for_upload(actor, public_id=parse_public_id(case_id))
    clean = validated(SessionForm(form_data(data)))
    derived_from = None
    if clean.get("derived_from"):
        derived_from = _original_for(actor, clean["derived_from"])
        if derived_from.case_id != case.pk:
            raise InvalidInput("原件不属于该案件", fields={"derived_from": ["原件不属于该案件"]})
    spec = _spec(actor, case, clean, clean["filename"], derived_from, clean.get("derivation") or "")
    size = clean["size"]
    if size > conf.max_file_bytes():
        raise TooLarge(
            f"文件过大：单个文件不得超过 {human_size(conf.max_file_bytes())}", fields={"size": ["超过上限"]}
        )
    with transaction.atomic():
        get_user_model().objects.select_for_update().filter(pk=actor.pk).exists()  # serialise quota checks
        _check_quota(actor, size)
        return UploadSession.objects.create(
            user=actor,
            case=case,
            step=spec.step,
            kind=spec.ftype.kind,
            name=spec.name,
            extension=spec.ftype.extension,
            size=size,
            sha256_declared=(clean.get("sha256") or "").lower(),
            meta=spec.meta(),
            derived_from=derived_from,
            expires_at=_expiry(),
        )


def session_for(actor, session_id) -> UploadSession:
    """The caller's own upload session; anybody else's answers like a missing one."""
    session = (
        UploadSession.objects.select_related("case", "evidence")
        .filter(public_id=parse_public_id(session_id), user_id=getattr(actor, "pk", None))
        .first()
    )
    if session is None:
        raise NotFound("上传会话不存在")
    return session


def receive_chunk(
    actor,
    session_id,
    stream,
    *,
    length: int | None,
    offset: str | None = None,
    content_range: str | None = None,
) -> UploadSession:
    """Append one chunk read from `stream` in 256 KiB blocks; answer the new offset (EVD-03)."""
    session = session_for(actor, session_id)
    _require_open(session)
    start = _chunk_start(session, length, offset, content_range)
    with partial.locked(partial.temp_path(session), writable=True) as fd:
        session.refresh_from_db(fields=["state"])
        _require_open(session)
        current = os.lseek(fd, 0, os.SEEK_END)
        if start != current:
            raise OffsetMismatch(current)
        digests = partial.digests_at(session, fd, current)
        written = 0
        try:
            with storage_errors("接收分片"), digests.parallel():
                while written < length:
                    block = partial.read_block(stream, min(partial.BLOCK, length - written))
                    if not block:
                        break
                    partial.write_all(fd, block)
                    digests.update(block)
                    written += len(block)
                os.fsync(fd)
        except DomainError as exc:
            with contextlib.suppress(OSError):
                os.ftruncate(fd, current)
            _audit_failure(actor, session, exc.code)
            raise
        partial.keep(session, digests)
        new_offset = current + written
        if current < SNIFF_BYTES and (new_offset >= SNIFF_BYTES or new_offset == session.size):
            _check_head(actor, session, fd)
        now = timezone.now()
        UploadSession.objects.filter(pk=session.pk).update(
            received=new_offset, updated_at=now, expires_at=_expiry(now)
        )
        session.received = new_offset
    if written < length:
        raise InvalidInput(
            f"分片不完整：本次收到 {written} 字节，已保存；请从偏移量 {new_offset} 继续上传",
            code="incomplete_chunk",
        )
    return session


def complete_session(actor, session_id) -> Evidence:
    """Check size, declared hash and content type, then store the file and record it.

    Calling it again after success returns the same Evidence (a client that lost the answer retries).
    """
    session = session_for(actor, session_id)
    if session.state == UploadState.COMPLETED and session.evidence_id:
        return session.evidence
    _require_open(session)
    case = _case_for_upload(actor, pk=session.case_id)
    path = partial.temp_path(session)
    with partial.locked(path, writable=False) as fd:
        session.refresh_from_db()
        if session.state == UploadState.COMPLETED and session.evidence_id:
            return session.evidence
        _require_open(session)
        size = os.lseek(fd, 0, os.SEEK_END)
        if size != session.size:
            raise Conflict(
                f"上传尚未完成：已接收 {size} 字节，声明大小为 {session.size} 字节",
                code="upload_incomplete",
                fields={"offset": [f"应从 {size} 继续上传"]},
            )
        digests = partial.digests_at(session, fd, size)
        partial.keep(session, digests)  # a failed store below can be retried without re-hashing
        sha256, sm3 = digests.hexdigests()
        if session.sha256_declared and session.sha256_declared != sha256:
            _fail(actor, session, "hash_mismatch")
            raise InvalidInput(
                "收到的文件与声明的 SHA-256 不符，本次上传已作废，请重新上传", code="hash_mismatch"
            )
        _check_head(actor, session, fd)
        evidence = _store(actor, _spec_of(session, case), path, size, sha256, sm3, session=session)
    _discard(session)
    return evidence


def abort_session(actor, session_id) -> None:
    """Cancel an upload and remove its partial file at once (BAK-04)."""
    session = session_for(actor, session_id)
    if session.state != UploadState.OPEN:
        return
    with partial.locked(partial.temp_path(session), writable=False):
        UploadSession.objects.filter(pk=session.pk).update(
            state=UploadState.ABORTED, updated_at=timezone.now()
        )
    _discard(session)


# --- single-request uploads and derived copies ---------------------------------------------------


def ingest_upload(actor, case_id: int, data: dict, uploaded) -> Evidence:
    """The staff UI's form upload (bytes already spooled and hashed by uploads.HashingUploadHandler)."""
    case = _case_for_upload(actor, pk=case_id)
    clean = validated(EvidenceMetaForm(form_data(data)))
    return _ingest_file(actor, _spec(actor, case, clean, uploaded.name), uploaded)


def add_derivative(actor, original: Evidence, uploaded, note: str) -> Evidence:
    """A redacted or transcoded copy: a new Evidence linked to its original, which never changes."""
    original = _original_for(actor, original.public_id)
    note = (note or "").strip()
    if not note:
        raise InvalidInput("生成副本须说明处理方式（如：打码、转码）", fields={"note": ["必填"]})
    name = clean_name(getattr(uploaded, "name", "") or "")
    spec = Spec(
        case=original.case,
        step=original.step,
        name=name,
        ftype=file_type_for(name),
        device=original.device,
        recorded_by=original.recorded_by,
        recorded_start=original.recorded_start,
        recorded_end=original.recorded_end,
        place=original.place,
        description=original.description,
        derived_from=original,
        derivation=note[:200],
    )
    return _ingest_file(actor, spec, uploaded)


def _ingest_file(actor, spec: Spec, uploaded) -> Evidence:
    path, size, sha256, sm3, owned = partial.spool(uploaded)
    try:
        with open(path, "rb") as fh:
            check_content(spec.ftype, fh.read(SNIFF_BYTES))
        return _store(actor, spec, path, size, sha256, sm3)
    finally:
        if owned:
            path.unlink(missing_ok=True)


# --- storing and recording -------------------------------------------------------------------


def _store(actor, spec: Spec, path: Path, size: int, sha256: str, sm3: str, *, session=None) -> Evidence:
    """Blob durable first, then row + custody + ledger in one transaction (DUR-02/03, AUD-01)."""
    try:
        with storage_errors("保存证据文件"):
            blob_store().put_file(blob_key(sha256), path, size)
    except DomainError as exc:
        _audit_failure(actor, session, exc.code, case=spec.case)
        raise
    with transaction.atomic():
        evidence = Evidence.objects.create(
            case=spec.case,
            step=spec.step,
            event=CaseEvent.objects.filter(case=spec.case, transition=spec.step).order_by("-id").first(),
            kind=spec.ftype.kind,
            name=spec.name,
            extension=spec.ftype.extension,
            content_type=spec.ftype.mime,
            size=size,
            sha256=sha256,
            sm3=sm3,
            device=spec.device,
            recorded_by=spec.recorded_by,
            recorded_start=spec.recorded_start,
            recorded_end=spec.recorded_end,
            place=spec.place,
            description=spec.description,
            uploaded_by=actor,
            derived_from=spec.derived_from,
            derivation=spec.derivation,
            verified_at=timezone.now(),
        )
        action = CustodyAction.DERIVED if spec.derived_from else CustodyAction.INGESTED
        row = custody.record(evidence, action, actor=actor, extra=_ingest_payload(evidence))
        evidence.ledger_index = row.ledger_index
        evidence.save(update_fields=["ledger_index", "updated_at"])
        if session is not None:
            UploadSession.objects.filter(pk=session.pk).update(
                state=UploadState.COMPLETED, evidence=evidence, received=size, updated_at=timezone.now()
            )
    return evidence


def _ingest_payload(evidence: Evidence) -> dict:
    return {
        "body": evidence.case.body.credit_code,
        "step": evidence.step,
        "kind": evidence.kind,
        "size": evidence.size,
        "sm3": evidence.sm3,
        "derived_from": str(evidence.derived_from.public_id) if evidence.derived_from else None,
    }


def _audit_failure(actor, session: UploadSession | None, code: str, *, case: Case | None = None) -> None:
    """A refused or failed upload is audited in its own transaction; if even that fails, it is logged."""
    case = case or (session.case if session else None)
    subject = str(session.public_id) if session else str(uuid.uuid4())
    try:
        with transaction.atomic():
            ledger_append(
                "evidence.upload_failed",
                subject_type="upload",
                subject_id=subject,
                payload={"case": str(case.public_id) if case else None, "code": code},
                actor=actor,
            )
    except Exception:
        log.exception("could not audit failed upload %s (%s)", subject, code)


# --- helpers -------------------------------------------------------------------------------------


def _case_for_upload(actor, **lookup) -> Case:
    return access.get_for(
        actor,
        Case.objects.select_related("body"),
        action=perm.CASE_VIEW,
        write_action=perm.CASE_HANDLE,
        **lookup,
    )


def _original_for(actor, public_id) -> Evidence:
    original = access.get_for(
        actor,
        Evidence.objects.select_related("case", "case__body", "device", "recorded_by"),
        write_action=perm.CASE_HANDLE,
        public_id=public_id,
    )
    if original.is_blocked:
        raise EvidenceBlocked("原件完整性校验失败已封存，不能据以生成副本")
    return original


def _spec(actor, case: Case, clean: dict, raw_name: str, derived_from=None, derivation: str = "") -> Spec:
    name = clean_name(raw_name)
    ftype = file_type_for(name, clean.get("kind") or None)
    device = None
    if clean.get("device"):
        device = Device.objects.filter(public_id=clean["device"], body_id=case.body_id).first()
        if device is None:
            raise InvalidInput("记录设备不属于本执法主体", fields={"device": ["记录设备不存在"]})
    if clean.get("recorded_by"):
        officer = Officer.objects.filter(public_id=clean["recorded_by"], body_id=case.body_id).first()
        if officer is None:
            raise InvalidInput("记录人须为本执法主体的执法人员", fields={"recorded_by": ["记录人不存在"]})
    else:
        officer = Officer.objects.filter(user_id=actor.pk, body_id=case.body_id).first()
    return Spec(
        case=case,
        step=clean["step"],
        name=name,
        ftype=ftype,
        device=device,
        recorded_by=officer,
        recorded_start=clean.get("recorded_start"),
        recorded_end=clean.get("recorded_end"),
        place=clean.get("place") or "",
        description=clean.get("description") or "",
        derived_from=derived_from,
        derivation=derivation,
    )


def _spec_of(session: UploadSession, case: Case) -> Spec:
    meta = session.meta
    when = {
        k: datetime.datetime.fromisoformat(meta[k]) if meta.get(k) else None
        for k in ("recorded_start", "recorded_end")
    }
    return Spec(
        case=case,
        step=session.step,
        name=session.name,
        ftype=TYPES[session.extension],
        device=Device.objects.filter(pk=meta.get("device")).first() if meta.get("device") else None,
        recorded_by=Officer.objects.filter(pk=meta.get("recorded_by")).first()
        if meta.get("recorded_by")
        else None,
        place=meta.get("place", ""),
        description=meta.get("description", ""),
        derived_from=session.derived_from,
        derivation=meta.get("derivation", ""),
        **when,
    )


def _check_quota(actor, size: int) -> None:
    open_sessions = UploadSession.objects.filter(
        user=actor, state=UploadState.OPEN, expires_at__gt=timezone.now()
    )
    totals = open_sessions.aggregate(n=Count("id"), bytes=Sum("size"))
    if totals["n"] >= conf.max_open_sessions():
        raise QuotaExceeded(f"同时进行的上传不得超过 {conf.max_open_sessions()} 个，请先完成或取消已有上传")
    if (totals["bytes"] or 0) + size > conf.max_open_bytes():
        raise QuotaExceeded(
            f"进行中的上传总量不得超过 {human_size(conf.max_open_bytes())}，请先完成或取消已有上传"
        )


def _chunk_start(session: UploadSession, length, offset, content_range) -> int:
    if length is None:
        raise LengthRequired("缺少 Content-Length：每个分片须声明长度")
    if content_range:
        match = _CONTENT_RANGE.fullmatch(content_range.strip())
        if not match:
            raise InvalidInput("Content-Range 格式应为“bytes 起-止/总长”", code="bad_content_range")
        first, last, total = int(match[1]), int(match[2]), match[3]
        if last < first or last - first + 1 != length:
            raise InvalidInput("Content-Range 与 Content-Length 不一致", code="bad_content_range")
        if total != "*" and int(total) != session.size:
            raise InvalidInput("Content-Range 中的总长度与声明的文件大小不符", code="bad_content_range")
        start = first
    elif offset is not None:
        try:
            start = int(offset)
        except ValueError:
            raise InvalidInput("Upload-Offset 应为非负整数", code="bad_offset") from None
        if start < 0:
            raise InvalidInput("Upload-Offset 应为非负整数", code="bad_offset")
    else:
        raise InvalidInput("须提供 Upload-Offset 或 Content-Range 请求头", code="missing_offset")
    if start + length > session.size:
        raise TooLarge(f"分片超出声明的文件大小（{session.size} 字节），未保存任何超出部分")
    return start


def _check_head(actor, session: UploadSession, fd: int) -> None:
    """EVD-04 as early as the first 8 KiB are in: a renamed HTML/PHP file never uploads gigabytes."""
    try:
        check_content(TYPES[session.extension], os.pread(fd, SNIFF_BYTES, 0))
    except DomainError as exc:
        _fail(actor, session, exc.code)
        raise


def _require_open(session: UploadSession) -> None:
    if session.state != UploadState.OPEN:
        raise Conflict(
            f"上传会话已{session.get_state_display().removeprefix('已')}，不能继续", code="session_closed"
        )
    if session.expires_at <= timezone.now():
        raise Conflict("上传会话已过期，请重新上传", code="session_expired")


def _fail(actor, session: UploadSession, code: str) -> None:
    UploadSession.objects.filter(pk=session.pk).update(
        state=UploadState.FAILED, failure=code, updated_at=timezone.now()
    )
    session.state = UploadState.FAILED
    _discard(session)
    _audit_failure(actor, session, code)


def _discard(session: UploadSession) -> None:
    partial.forget(session)
    partial.temp_path(session).unlink(missing_ok=True)


def _expiry(now: datetime.datetime | None = None) -> datetime.datetime:
    return (now or timezone.now()) + datetime.timedelta(hours=conf.session_ttl_hours())
