"""Every write of the evidence app, and the authorised read path (custody.read)."""

from .custody import Served, read, record_access
from .devices import change_device, register_device, set_recorder_policy
from .ingest import (
    abort_session,
    add_derivative,
    complete_session,
    create_session,
    ingest_upload,
    receive_chunk,
    session_for,
)
from .integrity import collect_garbage, verify_all
from .partial import offset_of
from .thumbnails import thumbnail

__all__ = [
    "Served",
    "abort_session",
    "add_derivative",
    "change_device",
    "collect_garbage",
    "complete_session",
    "create_session",
    "ingest_upload",
    "offset_of",
    "read",
    "receive_chunk",
    "record_access",
    "register_device",
    "session_for",
    "set_recorder_policy",
    "thumbnail",
    "verify_all",
]
