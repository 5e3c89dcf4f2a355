"""Reading and hashing a range of entries a column at a time (Apache Arrow), for verify (AUD-03).

Python's database drivers make eight objects per entry, and building each leaf in Python costs as
much again: together three to five times the hashing itself. Here an ADBC driver (SQLite's, or
PostgreSQL's over binary COPY) reads the rows into Arrow columns, every check and the leaf text are computed a column at a time by Arrow's C++
kernels, and Python only hashes: one hashlib call per leaf, as the bare loop it is measured against.

A fast path, never a second definition of the leaf. A chunk is accepted only when its leaf bytes are
exactly what rows.fast_leaves() (and so encoding.leaf_data()) gives for the same rows as
rows.entry_rows() reads them:

- the indices are the integers first, first + 1, ... with no gap;
- kind, subject type, subject id, actor label and created_at are valid UTF-8 with no character that
  JSON escapes (", \\, U+0000-U+001F), so that putting them in quotes is json_string();
- the actor is a user or a label, never both, and spelled as rows.entry_rows() spells it in SQL;
- created_at is, on SQLite, ASCII of 26 or 19 characters (the forms Django writes), made ISO as in
  SQL there; on PostgreSQL a timestamp whose year has four digits, spelled as to_char() does there;
- every stored leaf hash is 64 characters and equal to the recomputed one.

Anything else, a driver error included, makes range_segments() return None: the caller then reads
the whole range again through rows.segments(), which looks at it row by row and names each problem.
The report is therefore the same with or without this module (test_parallel compares both on every
kind of tampering; test_columnar checks each condition above).

Only for entries below the head size, read by another connection: on PostgreSQL in the parent's
exported snapshot; on SQLite (a file) in its own read transaction, which sees what the parent's
snapshot sees there because the ledger is append-only (see parallel.py). Not in a transaction that
may hold uncommitted entries. The SQLite driver links its own copy of SQLite: only call
range_segments() in a process with no other connection to the file open (verify runs it in worker
processes; parallel.start_pool() says why).
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlencode

from django.db import connection

from .models import Entry


def _flagging(bad: bytes) -> bytes:
    """A bytes.translate() table mapping the bytes in `bad` to 0 and every other byte to 1."""
    table = bytearray(b"\x01" * 256)
    for byte in bad:
        table[byte] = 0
    return bytes(table)


# Bytes that json_string() escapes (in UTF-8 they never occur inside a multi-byte character), and
# those not allowed in created_at (anything but printable ASCII without quote and backslash).
_NEEDS_ESCAPE = _flagging(bytes(range(0x20)) + b'"\\')
_NOT_PLAIN_ASCII = _flagging(bytes(range(0x20)) + bytes(range(0x7F, 0x100)) + b'"\\')
_COLUMNS = (
    "index", "kind", "subject_type", "subject_id", "actor_label", "actor_id", "created_at", "payload", "leaf_hash",
)  # fmt: skip


_DRIVERS = {"sqlite": "adbc_driver_sqlite", "postgresql": "adbc_driver_postgresql"}


def usable() -> bool:
    """Whether range_segments() can read this database: an SQLite file or PostgreSQL, outside a
    transaction, with Arrow and the driver installed (looked up, not imported: the caller forks
    afterwards)."""
    driver = _DRIVERS.get(connection.vendor)
    if driver is None or connection.in_atomic_block:
        return False
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        return False
    return all(importlib.util.find_spec(name) for name in ("pyarrow", driver))


def range_segments(
    lo: int | None, hi: int, chunk_size: int, snapshot: str | None = None
) -> list[tuple] | None:
    """("leaves", first index, packed leaf hashes) for each chunk of `chunk_size` entries with
    lo <= index < hi (lo None: open below), when every chunk passes the checks above; None when any
    does not. On PostgreSQL `snapshot` is the parent's exported snapshot, read here."""
    import adbc_driver_manager
    import pyarrow as pa

    first, parts = lo or 0, []
    q = connection.ops.quote_name
    columns = ", ".join(q(c) for c in _COLUMNS)
    where = f"{q('index')} < {int(hi)}" + ("" if lo is None else f" AND {q('index')} >= {int(lo)}")
    sql = f"SELECT {columns} FROM {q(Entry._meta.db_table)} WHERE {where} ORDER BY {q('index')}"  # noqa: S608 - identifiers and integers
    try:
        with _cursor(snapshot, chunk_size) as cursor:
            cursor.execute(sql)
            for batch in _rechunked(cursor.fetch_record_batch(), chunk_size):
                packed = _chunk_leaves(batch, first)
                if packed is None:
                    return None
                parts.append(("leaves", first, packed))
                first += batch.num_rows
    except (adbc_driver_manager.Error, pa.ArrowException, OSError, ValueError, TypeError):
        return None
    return parts if first == hi else None


@contextlib.contextmanager
def _cursor(snapshot: str | None, chunk_size: int) -> Iterator:
    """An ADBC cursor on this installation's database; on PostgreSQL inside a REPEATABLE READ,
    READ ONLY transaction on `snapshot` when given (as parallel._imported_snapshot() does)."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        import adbc_driver_sqlite.dbapi as driver

        uri = Path(settings["NAME"]).resolve().as_uri() + "?mode=ro"
    else:
        import adbc_driver_postgresql.dbapi as driver

        uri = _postgres_uri(settings)
    with driver.connect(uri, autocommit=True) as db, db.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.adbc_statement.set_options(**{"adbc.sqlite.query.batch_rows": str(chunk_size)})
        if snapshot is not None:
            from .parallel import snapshot_import_sql  # parallel imports this module

            statement = snapshot_import_sql(snapshot)
            cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute(statement)
        try:
            yield cursor
        finally:
            if snapshot is not None:
                cursor.execute("ROLLBACK")


def _postgres_uri(settings: dict) -> str:
    """A libpq URI for Django's connection settings (sslmode and the like from OPTIONS)."""
    user = quote(settings.get("USER") or "", safe="")
    password = settings.get("PASSWORD") or ""
    auth = f"{user}:{quote(password, safe='')}@" if password else (f"{user}@" if user else "")
    host = settings.get("HOST") or ""
    host = f"[{host}]" if ":" in host else quote(host, safe="")
    port = f":{settings['PORT']}" if settings.get("PORT") else ""
    options = {k: v for k, v in (settings.get("OPTIONS") or {}).items() if isinstance(v, str | int)}
    query = f"?{urlencode(options)}" if options else ""
    return f"postgresql://{auth}{host}{port}/{quote(settings['NAME'], safe='')}{query}"


def _rechunked(batches, chunk_size: int) -> Iterator:
    """Record batches of exactly `chunk_size` rows (the last may be shorter), whatever the driver
    gave: PostgreSQL's driver cuts by bytes, and the chunks must line up with the row reader's.
    Slices share the driver's buffers; only a chunk that spans two batches is copied."""
    import pyarrow as pa

    pending = None
    for batch in batches:
        table = pa.Table.from_batches([batch])
        pending = table if pending is None else pa.concat_tables([pending, table])
        while pending.num_rows >= chunk_size:
            yield pending.slice(0, chunk_size).combine_chunks().to_batches()[0]
            pending = pending.slice(chunk_size)
    if pending is not None and pending.num_rows:
        yield pending.combine_chunks().to_batches()[0]


def _chunk_leaves(batch, first: int) -> bytes | None:
    """The packed leaf hashes of one record batch of entries first, first + 1, ...; None unless
    every check in the module's docstring holds."""
    if not _plain(batch, first):
        return None
    leaves = _leaf_texts(*batch.columns)
    if leaves is None:
        return None
    offsets = memoryview(leaves.buffers()[1]).cast("i")[leaves.offset : leaves.offset + len(leaves) + 1]
    data, sha = memoryview(leaves.buffers()[2]), hashlib.sha256
    bounds = offsets.tolist()
    packed = b"".join([sha(data[a:b]).digest() for a, b in zip(bounds, bounds[1:], strict=False)])
    return packed if packed.hex().encode() == bytes(_value_bytes(batch.column(8))) else None


def _plain(batch, first: int) -> bool:
    """Indices first, first + 1, ...; text columns of valid UTF-8 that JSON would not escape; a
    plain-ASCII created_at; stored hashes of 64 characters."""
    import pyarrow as pa
    import pyarrow.compute as pc

    index, kind, subject_type, subject_id, label, actor_id, created, payload, stored = batch.columns
    if batch.num_rows == 0 or index.type != pa.int64() or index.null_count or index[0].as_py() != first:
        return False
    if batch.num_rows > 1 and not pc.all(pc.equal(pc.pairwise_diff(index), 1)).as_py():
        return False
    texts = (kind, subject_type, subject_id, label, payload, stored)
    if any(c.type != pa.string() or c.null_count for c in texts):
        return False
    if actor_id.type not in (pa.int64(), pa.null()) or created.null_count:
        return False
    for column in texts:
        column.validate(full=True)  # valid UTF-8, or pa.ArrowInvalid
    if any(_has(_NEEDS_ESCAPE, c) for c in (kind, subject_type, subject_id, label)):
        return False
    if _lengths(stored) != (64, 64):
        return False
    if created.type == pa.timestamp("us", tz="UTC"):  # PostgreSQL's timestamptz
        years = pc.min_max(pc.year(created)).as_py()
        return years["min"] >= 1000 and years["max"] <= 9999
    if created.type != pa.string():
        return False
    created.validate(full=True)
    return not _has(_NOT_PLAIN_ASCII, created)


def _leaf_texts(index, kind, subject_type, subject_id, label, actor_id, created, payload, _stored):
    """0x00 and the leaf data of every row (encoding.leaf_data()), as one Arrow string array;
    None for a user and a label on one row, or a created_at not of 26 or 19 characters."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if actor_id.type == pa.null():
        actor = label
    elif pc.any(pc.and_(pc.is_valid(actor_id), pc.not_equal(label, ""))).as_py():
        return None  # rows.entry_rows() gives NULL; the row path reports it
    else:
        actor = pc.coalesce(pc.binary_join_element_wise("user:", pc.cast(actor_id, pa.string()), ""), label)
    if created.type != pa.string():  # a UTC timestamp in microseconds (PostgreSQL), years of 4 digits
        iso = _iso(created.cast(pa.timestamp("us")))  # as to_char(..., 'YYYY-MM-DD"T"HH24:MI:SS.US')
    else:  # Django's text (SQLite), as replace() in rows.entry_rows()
        iso = pc.replace_substring(created, " ", "T")
        lengths = _lengths(created)
        if lengths != (26, 26):
            if not set(lengths) <= {19, 26}:
                return None
            short = pc.equal(pc.binary_length(created), 19)
            iso = pc.if_else(short, pc.binary_join_element_wise(iso, ".000000", ""), iso)
    return pc.binary_join_element_wise(
        '\x00{"actor":"', actor,
        '","created_at":"', iso,
        'Z","index":', pc.cast(index, pa.string()),
        ',"kind":"', kind,
        '","payload":', payload,
        ',"subject_id":"', subject_id,
        '","subject_type":"', subject_type,
        '"}',
        "",
    )  # fmt: skip


def _iso(moments):
    """YYYY-MM-DDTHH:MM:SS.ffffff of naive timestamps (pc.strftime() is three times slower)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    def digits(values, width):
        return pc.utf8_lpad(pc.cast(values, pa.string()), width=width, padding="0")

    fraction = pc.add(pc.multiply(pc.millisecond(moments), 1000), pc.microsecond(moments))
    return pc.binary_join_element_wise(
        digits(pc.year(moments), 4), "-", digits(pc.month(moments), 2), "-", digits(pc.day(moments), 2),
        "T", digits(pc.hour(moments), 2), ":", digits(pc.minute(moments), 2),
        ":", digits(pc.second(moments), 2), ".", digits(fraction, 6),
        "",
    )  # fmt: skip


def _value_bytes(column) -> memoryview:
    """The UTF-8 bytes of all values of a string column, one after the other."""
    _, offsets, data = column.buffers()
    if data is None:  # no value has any byte
        return memoryview(b"")
    offsets = memoryview(offsets).cast("i")
    return memoryview(data)[offsets[column.offset] : offsets[column.offset + len(column)]]


def _has(flagging: bytes, column) -> bool:
    """Whether any value of a string column has a byte that `flagging` maps to 0."""
    return 0 in bytes(_value_bytes(column)).translate(flagging)


def _lengths(column) -> tuple[int, int]:
    import pyarrow.compute as pc

    extremes = pc.min_max(pc.binary_length(column)).as_py()
    return extremes["min"], extremes["max"]
