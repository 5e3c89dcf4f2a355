"""The one error hierarchy. Services raise these; the API and UI map them to responses.

Every error carries a stable ASCII `code`, a Chinese `message` for users and optional
`fields` (field name -> list of Chinese messages) for form-level feedback.
"""

from __future__ import annotations


class DomainError(Exception):
    """Base of every error a user can cause; never a programming error."""

    status = 400
    code = "bad_request"

    def __init__(self, message: str, *, code: str | None = None, fields: dict[str, list[str]] | None = None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.fields = fields or {}

    def as_dict(self) -> dict:
        body: dict = {"code": self.code, "message": self.message}
        if self.fields:
            body["fields"] = self.fields
        return {"error": body}


class InvalidInput(DomainError):
    status = 400
    code = "invalid"


class NotAuthenticated(DomainError):
    status = 401
    code = "not_authenticated"


class Forbidden(DomainError):
    status = 403
    code = "forbidden"


class NotFound(DomainError):
    """Also answered for objects that exist but belong to another body (AUTHZ-02)."""

    status = 404
    code = "not_found"


class Conflict(DomainError):
    """The request is well formed but the current state does not allow it (HTTP 409)."""

    status = 409
    code = "conflict"


def fields_from_django(exc) -> dict[str, list[str]]:
    """Turn a django.core.exceptions.ValidationError into our field map."""
    if hasattr(exc, "message_dict"):
        return {key: [str(m) for m in msgs] for key, msgs in exc.message_dict.items()}
    return {"__all__": [str(m) for m in exc.messages]}
