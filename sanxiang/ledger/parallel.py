"""Verification in several processes: the entries are read and hashed by K workers (AUD-03).

Reading rows costs three to five times hashing them, and one process reads them one after the
other. So `verify_ledger()` on a large ledger (PARALLEL_THRESHOLD entries and more) forks a pool
of worker processes *before* it opens its read snapshot, with every Django connection closed so
that each worker opens its own:

- the parent reads the head row, the signed heads and the stored subtree hashes in its snapshot,
  and splits [0, head size) into ranges whose boundaries are multiples of the chunk size (a power
  of two), several per worker and at most MAX_RANGE_ENTRIES each;
- each worker reads its range in index order (by columns first, columnar.py, where it can),
  recomputes every leaf, and returns for each chunk either the packed leaf hashes (32 bytes each)
  and the chunk's subtree (with_blocks()) when the chunk is clean, or the raw rows when it is not;
  the parent feeds both, in index order, to the same checker as the single-process pass, which
  therefore finds, names and orders the problems exactly as it does;
- the parent reads what lies at or beyond the head size itself (rows appended behind the head
  row's back), in its own snapshot.

Every worker reads the parent's snapshot. On PostgreSQL the parent exports its REPEATABLE READ
snapshot (`pg_export_snapshot()`) and each worker imports it (`SET TRANSACTION SNAPSHOT`). SQLite
has no such thing, and needs none: the ledger is append-only, an append takes the next index after
the head size under the write lock, so the rows with index below the head size that the parent
read are exactly the rows a worker reads later, whatever was appended in between.
"""

from __future__ import annotations

import contextlib
import itertools
import multiprocessing
import os
import re
from collections.abc import Iterator
from multiprocessing.pool import Pool

from django.db import DatabaseError, connection, connections, transaction

from . import columnar, merkle
from .models import LedgerHead, TreeNode
from .rows import segments

PARALLEL_THRESHOLD = 200_000  # below this, forking costs more than it saves
TASKS_PER_WORKER = 4
MAX_RANGE_ENTRIES = 1 << 20  # a worker returns a range at once: at most 32 MB of leaf hashes


class WorkerReadError(Exception):
    """A worker could not read its rows; the message is the database's."""


def worker_count(workers: int | None) -> int:
    """`workers`, or one per CPU when not given."""
    return max(1, workers if workers is not None else os.cpu_count() or 1)


def start_pool(workers: int | None, threshold: int, fast: bool = False) -> tuple[Pool, int] | None:
    """A pool of worker processes when the ledger is large enough and they can read what we read;
    None for the single-process pass. Closes this process's database connections (they reopen).

    With the columnar reader (`fast`), even one reading process is a worker: the reader links its
    own copy of SQLite, which must never open the file in a process where Python's sqlite3 holds
    it open (POSIX locks are per process: closing one copy's descriptor drops the other's locks,
    sqlite.org/howtocorrupt.html 2.2.1). A worker uses one at a time and closes it."""
    count = worker_count(workers)
    if (count < 2 and not fast) or not _can_fork():
        return None
    size = LedgerHead.objects.filter(pk=1).values_list("size", flat=True).first() or 0
    if size < max(threshold, 1):
        return None
    # A forked child must never use (or close) a connection it inherited: close them first.
    connections.close_all()
    return multiprocessing.get_context("fork").Pool(count), count


def _can_fork() -> bool:
    if "fork" not in multiprocessing.get_all_start_methods():
        return False
    if connection.in_atomic_block:
        return False  # other processes cannot see what this transaction wrote
    if connection.vendor == "sqlite":
        return not connection.is_in_memory_db()
    return connection.vendor == "postgresql"


def feed(checker, pool: Pool, workers: int, bound: int, chunk_size: int, fast: bool) -> None:
    """Feed every entry, in index order, to `checker` (a verify._Checker); [.., bound) is read by
    the pool, the rest here. `fast`: the workers try columnar.py first. Raises WorkerReadError
    when a worker could not read."""
    snapshot = _export_snapshot()
    pieces = max(workers * TASKS_PER_WORKER, -(-bound // MAX_RANGE_ENTRIES))
    tasks = [(lo, hi, snapshot, chunk_size, fast) for lo, hi in split(bound, pieces, chunk_size)]
    for parts in pool.imap(read_range, tasks):
        if parts and parts[-1][0] == "error":
            checker.feed_segments(parts[:-1])
            raise WorkerReadError(parts[-1][1])
        checker.feed_segments(parts)
    checker.feed_segments(segments(chunk_size, lo=bound, start=bound))


def split(bound: int, pieces: int, align: int) -> list[tuple[int | None, int]]:
    """[0, bound) in at most `pieces` ranges starting at multiples of `align`; the first range is
    open below, so that rows with a negative index (only an attacker writes those) are read too."""
    per_piece = -(-bound // max(pieces, 1))  # rounded up
    step = max(align, -(-per_piece // align) * align)  # rounded up to a multiple of align
    edges = [*range(0, bound, step), bound] if bound > 0 else []
    return [(lo if lo else None, hi) for lo, hi in itertools.pairwise(edges)]


def _export_snapshot() -> str | None:
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_export_snapshot()")
        return cursor.fetchone()[0]


# --- in the worker process ------------------------------------------------------------------------


def read_range(task: tuple[int | None, int, str | None, int, bool]) -> list[tuple]:
    """Read and hash the entries lo <= index < hi; one segment per chunk: ("leaves", first index,
    packed leaf hashes[, subtree]) for a clean chunk, ("rows", rows) for one that is not (the parent
    looks at it row by row), and ("error", message) last if reading failed. By columns when `fast`
    and every chunk passes columnar.py's checks, otherwise row by row (rows.segments())."""
    lo, hi, snapshot, chunk_size, fast = task
    parts: list[tuple] = []
    try:
        by_columns = columnar.range_segments(lo, hi, chunk_size, snapshot) if fast else None
        if by_columns is not None:
            parts.extend(with_blocks(by_columns))
        else:
            with _imported_snapshot(snapshot):
                parts.extend(with_blocks(segments(chunk_size, lo, hi, start=lo or 0)))
    except (DatabaseError, UnicodeDecodeError) as exc:
        parts.append(("error", str(exc)))
    finally:
        connection.close()  # a pool worker ends with os._exit(): say goodbye to the server first
    return parts


def with_blocks(parts) -> Iterator[tuple]:
    """Give each clean chunk of 2**k entries that starts at a multiple of 2**k its subtree too:
    (k, root, [(level, index, hash) of its nodes at TreeNode.MIN_LEVEL and above]). The caller
    then appends one hash to its tree instead of 2**k, so the tree is hashed where the rows are."""
    min_level = TreeNode.MIN_LEVEL
    for part in parts:
        count = len(part[2]) // merkle.HASH_SIZE if part[0] == "leaves" else 0
        if count < 2 or count & (count - 1) or part[1] % count:
            yield part
            continue
        packed, nodes = part[2], []
        leaves = [packed[i : i + merkle.HASH_SIZE] for i in range(0, len(packed), merkle.HASH_SIZE)]
        root = merkle.perfect_subtree(leaves, part[1], lambda *node, into=nodes: into.append(node), min_level)
        yield (*part, (count.bit_length() - 1, root, nodes))


@contextlib.contextmanager
def _imported_snapshot(snapshot: str | None) -> Iterator[None]:
    """On PostgreSQL, a REPEATABLE READ transaction on the parent's exported snapshot."""
    if snapshot is None:
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute(snapshot_import_sql(snapshot))
        yield


def snapshot_import_sql(snapshot: str) -> str:
    """The statement importing an exported snapshot, first in a REPEATABLE READ transaction."""
    if not re.fullmatch(r"[0-9A-Fa-f-]+", snapshot):
        raise ValueError(f"not a snapshot id: {snapshot!r}")
    return f"SET TRANSACTION SNAPSHOT '{snapshot}'"
