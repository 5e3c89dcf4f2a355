"""Errors of the evidence app for HTTP statuses the core hierarchy lacks; the API uses `exc.status`."""

from __future__ import annotations

from sanxiang.core.errors import Conflict, DomainError


class LengthRequired(DomainError):
    status = 411
    code = "length_required"


class TooLarge(DomainError):
    status = 413
    code = "too_large"


class UnsupportedType(DomainError):
    status = 415
    code = "unsupported_type"


class RangeNotSatisfiable(DomainError):
    status = 416
    code = "range_not_satisfiable"

    def __init__(self, message: str, *, size: int, **kwargs):
        super().__init__(message, **kwargs)
        self.size = size


class QuotaExceeded(DomainError):
    status = 429
    code = "quota_exceeded"


class StorageFailure(DomainError):
    """A write or fsync failed: nothing was acknowledged (DUR-03)."""

    status = 500
    code = "storage_failure"


class InsufficientStorage(DomainError):
    """The upload or evidence volume is full (DUR-04); retrying after space is freed succeeds."""

    status = 507
    code = "insufficient_storage"


class MethodNotAllowed(DomainError):
    status = 405
    code = "method_not_allowed"


class OffsetMismatch(Conflict):
    """A chunk that does not start where the file ends (out of order, overlapping or repeated)."""

    code = "offset_mismatch"

    def __init__(self, expected: int):
        super().__init__(
            f"分片起始位置有误：服务器已接收 {expected} 字节，请从该位置继续上传",
            fields={"offset": [f"应为 {expected}"]},
        )
        self.expected = expected

    def as_dict(self) -> dict:
        body = super().as_dict()
        body["error"]["offset"] = self.expected  # machine-readable: where to resume
        return body


class IntegrityFailure(Conflict):
    """The stored bytes no longer match the hash taken at ingest (EVD-01); the file is now blocked."""

    code = "integrity_failure"


class EvidenceBlocked(Conflict):
    code = "evidence_blocked"


class ImmutableEvidence(Exception):
    """A programming error: something tried to change or delete an original (EVD-02)."""
