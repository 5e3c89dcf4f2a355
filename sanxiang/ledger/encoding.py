"""Canonical encodings: the payload JSON, the leaf data of an entry, UTC timestamps.

No Django here: docs/ledger.md describes these encodings byte for byte so that an outsider can
recompute every leaf, and tests compare them with a plain `json.dumps` of the documented object.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal
from json.encoder import encode_basestring as json_string  # C-accelerated, same escaping as dumps
from typing import Any
from uuid import UUID

from .errors import InvalidEntry

MAX_PAYLOAD_BYTES = 64 * 1024
MAX_SAFE_INTEGER = 2**53 - 1  # I-JSON (RFC 7493): integers every JSON parser reads exactly

KIND_RE = re.compile(r"[a-z][a-z0-9_]*(?:\.[a-z0-9_-]+)*")
SUBJECT_TYPE_RE = re.compile(r"[a-z][a-z0-9_.-]*")
ACTOR_LABEL_RE = re.compile(r"[a-z][a-z0-9_-]*:[A-Za-z0-9_.:-]+")
USER_ACTOR_PREFIX = "user:"


def canonical_json(value: Any) -> str:
    """Sorted keys, no whitespace, UTF-8 text (not \\u escapes); NaN and Infinity refused."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def iso_utc(moment: dt.datetime) -> str:
    """`2025-11-29T03:04:05.123456Z`: UTC, always six fractional digits, so one instant has one text."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise InvalidEntry("时间必须带时区 (datetime must be timezone-aware)")
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _text(value: str, where: str) -> str:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidEntry(f"{where} 含有无法编码为 UTF-8 的字符 (lone surrogate)") from None
    return str(value)  # plain str, also for str-based enums such as TextChoices


def _normalise(value: Any, where: str) -> Any:
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        if abs(value) > MAX_SAFE_INTEGER:
            raise InvalidEntry(f"{where} 超出 ±(2^53-1)，请改用字符串 (integer too large for JSON)")
        return int(value)
    if isinstance(value, str):
        return _text(value, where)
    if isinstance(value, float):
        raise InvalidEntry(
            f"{where} 是浮点数；请用 Decimal 或字符串，以免不同语言编码不一致 (floats are refused)"
        )
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise InvalidEntry(f"{where} 不是有限数 (Decimal must be finite)")
        return str(value)
    if isinstance(value, dt.datetime):
        return iso_utc(value)
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, list | tuple):
        return [_normalise(item, f"{where}[{i}]") for i, item in enumerate(value)]
    if isinstance(value, dict):
        result = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise InvalidEntry(f"{where} 的键 {key!r} 不是字符串 (keys must be strings)")
            result[_text(key, where)] = _normalise(item, f"{where}.{key}")
        return result
    raise InvalidEntry(f"{where} 的类型 {type(value).__name__} 不能写入日志 (type not JSON-serialisable)")


def encode_payload(payload: dict) -> str:
    """The payload as canonical JSON text: dates and datetimes become ISO strings, Decimal a string."""
    if not isinstance(payload, dict):
        raise InvalidEntry("payload 必须是 dict (payload must be a JSON object)")
    text = canonical_json(_normalise(payload, "payload"))
    if len(text.encode("utf-8")) > MAX_PAYLOAD_BYTES:
        raise InvalidEntry(f"payload 超过 {MAX_PAYLOAD_BYTES} 字节 (payload too large)")
    return text


def actor_string(actor_id: int | None, actor_label: str) -> str:
    """The leaf's `actor`: `user:<id>` for a user, else the named system actor (e.g. system:deadline-scan)."""
    return f"{USER_ACTOR_PREFIX}{actor_id}" if actor_id is not None else actor_label


def check_entry_fields(
    kind: str, subject_type: str, subject_id: str, actor_id: int | None, actor_label: str
) -> None:
    """Refuse what would make the log ambiguous or unreadable; the messages name the field."""
    if not isinstance(kind, str) or len(kind) > 64 or not KIND_RE.fullmatch(kind):
        raise InvalidEntry(f"kind {kind!r} 不合法：应为小写 ASCII，如 case.transition")
    if (
        not isinstance(subject_type, str)
        or len(subject_type) > 64
        or not SUBJECT_TYPE_RE.fullmatch(subject_type)
    ):
        raise InvalidEntry(f"subject_type {subject_type!r} 不合法：应为小写 ASCII，如 case")
    if (
        not isinstance(subject_id, str)
        or not 0 < len(subject_id) <= 128
        or not subject_id.isprintable()
        or subject_id != subject_id.strip()
    ):
        raise InvalidEntry(f"subject_id {subject_id!r} 不合法：应为 1-128 个可打印字符")
    _text(subject_id, "subject_id")
    if actor_id is not None:
        if actor_label:
            raise InvalidEntry(
                "actor 与 actor_label 只能填一个 (give a user or a named system actor, not both)"
            )
        return
    if (
        not isinstance(actor_label, str)
        or len(actor_label) > 100
        or not ACTOR_LABEL_RE.fullmatch(actor_label)
        or actor_label.startswith(USER_ACTOR_PREFIX)
    ):
        raise InvalidEntry(
            f"actor_label {actor_label!r} 不合法：须指明操作人，或填写系统操作者名称，如 system:deadline-scan"
        )


def leaf_data(
    *,
    index: int,
    kind: str,
    subject_type: str,
    subject_id: str,
    actor: str,
    created_at: str,
    payload: str,
) -> bytes:
    """The RFC 6962 leaf data of an entry: UTF-8 canonical JSON of
    {actor, created_at, index, kind, payload, subject_id, subject_type}.

    `payload` is the stored canonical JSON text; splicing it in gives the same bytes as
    `canonical_json({... "payload": json.loads(payload)})` because it is itself canonical.
    """
    return (
        f'{{"actor":{json_string(actor)},"created_at":{json_string(created_at)},"index":{int(index)},'
        f'"kind":{json_string(kind)},"payload":{payload},"subject_id":{json_string(subject_id)},'
        f'"subject_type":{json_string(subject_type)}}}'
    ).encode()
