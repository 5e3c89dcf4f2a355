"""Reading entries for verification, shared by the single-process pass (verify.py) and the worker
processes (parallel.py): raw rows in index order, and their leaf hashes in bulk.

(Letting the database spell the leaves — SQLite's `json_quote()` and PostgreSQL's `to_json(text)`
escape exactly as `json.dumps(ensure_ascii=False)` does — was tried: it saved 3–4 % of the CPU time
at 1M entries, not worth a second spelling of the leaf to keep in step.)
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

from django.db import connection

from .encoding import actor_string, iso_utc, json_string
from .models import Entry

# (index, kind, subject_type, subject_id, actor, created_at, payload bytes, leaf_hash)
Row = tuple


def segments(
    chunk_size: int, lo: int | None = None, hi: int | None = None, *, start: int = 0
) -> Iterator[tuple]:
    """The entries lo <= index < hi in index order, one segment per chunk: ("leaves", first index,
    packed leaf hashes) when the chunk is entries start, start + 1, ... and every leaf matches its
    stored hash; ("rows", rows) with the raw fields of a chunk that does not (the caller looks at
    it row by row)."""
    expected, quoted = start, {}
    for rows in entry_rows(chunk_size, lo, hi):
        digests = clean_leaves(rows, expected, quoted)
        yield ("rows", rows) if digests is None else ("leaves", expected, b"".join(digests))
        expected = rows[-1][0] + 1  # indices are unique integers, read in order


def entry_rows(chunk_size: int, lo: int | None = None, hi: int | None = None) -> Iterator[list[Row]]:
    """Rows with lo <= index < hi (a missing bound is open) in index order, with `actor` and
    `created_at` already as the leaf spells them (`actor` is NULL when both a user and a label are
    stored). Raw SQL: the ORM's per-row conversions would cost more than hashing."""
    q = connection.ops.quote_name
    index, actor_id, label, created, payload = (
        q(c) for c in ("index", "actor_id", "actor_label", "created_at", "payload")
    )
    if connection.vendor == "sqlite":
        # Django stores UTC as 'YYYY-MM-DD HH:MM:SS[.ffffff]'; anything else is kept verbatim and
        # so cannot match the leaf.
        actor = f"CASE WHEN {actor_id} IS NULL THEN {label} WHEN {label} = '' THEN 'user:' || {actor_id} END"
        created = (
            f"CASE length({created}) WHEN 26 THEN replace({created}, ' ', 'T') || 'Z' "
            f"WHEN 19 THEN replace({created}, ' ', 'T') || '.000000Z' ELSE {created} END"
        )
        payload = f"CAST({payload} AS BLOB)"
    elif connection.vendor == "postgresql":
        actor = f"CASE WHEN {actor_id} IS NULL THEN {label} WHEN {label} = '' THEN 'user:' || {actor_id}::text END"
        created = f"""to_char({created} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')"""
        payload = f"convert_to({payload}, 'UTF8')"
    else:
        yield from _orm_rows(chunk_size, lo, hi)
        return
    bounds, params = [], []
    if lo is not None:
        bounds.append(f"{index} >= %s")
        params.append(lo)
    if hi is not None:
        bounds.append(f"{index} < %s")
        params.append(hi)
    where = f" WHERE {' AND '.join(bounds)}" if bounds else ""
    columns = [index, q("kind"), q("subject_type"), q("subject_id"), actor, created, payload, q("leaf_hash")]
    sql = f"SELECT {', '.join(columns)} FROM {q(Entry._meta.db_table)}{where} ORDER BY {index}"  # noqa: S608 - identifiers only
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(chunk_size):
            yield rows


def _orm_rows(chunk_size: int, lo: int | None, hi: int | None) -> Iterator[list[Row]]:
    fields = (
        "index",
        "kind",
        "subject_type",
        "subject_id",
        "actor_id",
        "actor_label",
        "created_at",
        "payload",
    )
    entries = Entry.objects.order_by("index")
    if lo is not None:
        entries = entries.filter(index__gte=lo)
    if hi is not None:
        entries = entries.filter(index__lt=hi)
    rows: list[Row] = []
    for row in entries.values_list(*fields, "leaf_hash").iterator(chunk_size=chunk_size):
        i, kind, st, sid, aid, label, created, payload, leaf = row
        actor = None if aid is not None and label else actor_string(aid, label)
        rows.append((i, kind, st, sid, actor, iso_utc(created), payload.encode(), leaf))
        if len(rows) == chunk_size:
            yield rows
            rows = []
    if rows:
        yield rows


def clean_leaves(rows: list[Row], expected: int, quoted: dict) -> list[bytes] | None:
    """The leaf hashes of raw `rows` if they are exactly entries expected, expected + 1, ... and
    every recomputed hash equals the stored one; None otherwise."""
    if [r[0] for r in rows] != list(range(expected, expected + len(rows))):
        return None
    if len(quoted) > 10_000:
        quoted.clear()
    try:
        digests = fast_leaves(rows, quoted)
        if b"".join(digests).hex() != "".join([r[7] for r in rows]):
            return None
    except (TypeError, ValueError, UnicodeError):
        return None
    return digests


def fast_leaves(rows: list[Row], quoted: dict) -> list[bytes]:
    """encoding.leaf_data() inlined, hashed; `quoted` caches the JSON form of repeated strings."""
    sha, q, out = hashlib.sha256, json_string, []
    append, get, put = out.append, quoted.get, quoted.setdefault
    for i, kind, st, sid, actor, created, payload, _ in rows:
        head = (
            f'\x00{{"actor":{get(actor) or put(actor, q(actor))},"created_at":{q(created)},"index":{i},'
            f'"kind":{get(kind) or put(kind, q(kind))},"payload":'
        )
        tail = f',"subject_id":{q(sid)},"subject_type":{get(st) or put(st, q(st))}}}'
        append(sha(b"".join((head.encode(), payload, tail.encode()))).digest())
    return out
