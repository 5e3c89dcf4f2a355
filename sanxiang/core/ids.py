"""Parsing of public identifiers from URLs."""

import uuid

from .errors import NotFound


def parse_public_id(value: str) -> uuid.UUID:
    """A malformed id is answered exactly like an unknown one (404), never with a 500."""
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise NotFound("资源不存在") from None
