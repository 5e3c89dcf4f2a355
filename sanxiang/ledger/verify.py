"""Full verification of the stored ledger (AUD-03).

One pass over the entries, in index order, inside one read snapshot:

- every leaf is recomputed from the stored fields and compared with the stored leaf hash;
- indices must run 0..n-1 with no gap or duplicate;
- the tree is rebuilt (O(n), O(log n) memory) and its root compared, at each size, with every
  signed tree head (whose signature is checked with the public key) and with the head row;
  stored subtree hashes (TreeNode) are compared with the recomputed ones.

All signed heads are compared with prefixes of one recomputed leaf sequence, so passing heads are
consistent with each other and with the latest by construction. An attacker who rewrites entries
*and* their hashes *and* the head row is still caught by the first signed head after the change;
the report then names the range between the last matching head and that one.

The hot loop works on raw rows, hashlib and the C JSON string encoder; a chunk that does not pass
the quick checks is re-examined row by row to name each problem. A large ledger is read and hashed
by several worker processes (parallel.py), which also hash the subtrees of clean chunks; this
process still joins the tree and checks every head, node and problem, so the report is the same
either way.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.db import DatabaseError, connection, transaction

from . import columnar, merkle, parallel, signing
from .encoding import leaf_data
from .models import LedgerHead, TreeHead, TreeNode
from .rows import clean_leaves, segments

CHUNK_SIZE = 8192
MAX_PROBLEMS = 100


@dataclass(frozen=True)
class Problem:
    """One thing that does not match: a stable ASCII `code`, a Chinese `message`, the entry index."""

    code: str
    message: str
    index: int | None = None


@dataclass
class VerificationReport:
    """What verify_ledger() checked and the problems it found (at most MAX_PROBLEMS kept)."""

    entries: int = 0
    tree_heads: int = 0
    tree_nodes: int = 0
    root_hash: str = ""  # the recomputed root, when the whole tree could be rebuilt
    problems: list[Problem] = field(default_factory=list)
    problems_dropped: int = 0
    workers: int = field(default=1, compare=False)  # processes that read the entries

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def first_problem(self) -> Problem | None:
        """The problem at the lowest entry index (problems without an index come last)."""
        if not self.problems:
            return None
        return min(self.problems, key=lambda p: (p.index is None, p.index or 0))

    def add(self, code: str, message: str, index: int | None = None) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(code, message, index))
        else:
            self.problems_dropped += 1


def verify_ledger(
    *,
    public_key: Ed25519PublicKey | bytes | str | None = None,
    chunk_size: int = CHUNK_SIZE,
    workers: int | None = None,
    parallel_threshold: int = parallel.PARALLEL_THRESHOLD,
) -> VerificationReport:
    """Check the whole stored ledger against itself and its signed tree heads; returns a report.

    A ledger of `parallel_threshold` entries or more is read by `workers` processes (default: one
    per CPU; 1 for a single process), unless called inside a transaction or on an in-memory database.
    """
    key = signing.load_public_key(public_key) if public_key is not None else signing.public_key(create=False)
    report = VerificationReport()
    fast = columnar.usable()  # asked before a snapshot or a pool exists
    started = parallel.start_pool(workers, parallel_threshold, fast)
    pool, report.workers = started or (None, 1)
    try:
        with _read_snapshot():
            head = LedgerHead.objects.filter(pk=1).first()
            heads = list(TreeHead.objects.order_by("tree_size", "id"))
            nodes = {(level, i): h for level, i, h in TreeNode.objects.values_list("level", "index", "hash")}
            checker = _Checker(report, head, heads, nodes, key)
            try:
                if pool is None:
                    checker.feed_segments(segments(chunk_size))
                else:
                    bound = head.size if head else 0
                    parallel.feed(checker, pool, report.workers, bound, chunk_size, fast)
            except (DatabaseError, UnicodeDecodeError, parallel.WorkerReadError) as exc:
                report.add("unreadable", f"读取日志条目失败：{exc}", checker.expected)
            checker.finish()
    except BaseException:
        if pool is not None:
            pool.terminate()
        raise
    finally:
        if pool is not None:
            pool.close()
            pool.join()
    return report


@contextlib.contextmanager
def _read_snapshot() -> Iterator[None]:
    """Read head, tree heads and entries from one snapshot, so concurrent appends cause no false alarm."""
    if connection.in_atomic_block:
        yield
    elif connection.vendor == "postgresql":
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield
    elif connection.vendor == "sqlite":
        # A deferred transaction is a WAL read snapshot that does not block writers (Django's
        # own atomic() would BEGIN IMMEDIATE and take the write lock for the whole pass).
        with connection.cursor() as cursor:
            cursor.execute("BEGIN DEFERRED")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("COMMIT")
    else:
        with transaction.atomic():
            yield


class _Checker:
    """Consumes chunks of rows in index order and records problems in the report."""

    def __init__(self, report, head, heads, nodes, key):
        self.report = report
        self.head = head
        self.heads = heads
        self.nodes = nodes
        self.expected = 0  # the next index we expect
        self.rows = 0
        self._quoted: dict[str, str] = {}
        self.tree_ok = True  # false after the first problem: later roots cannot pinpoint anything
        self.last_good_size = 0
        self.tree = merkle.TreeBuilder(node_sink=self._check_node, sink_min_level=TreeNode.MIN_LEVEL)
        report.tree_heads, report.tree_nodes = len(heads), len(nodes)
        self.checkpoints = sorted({h.tree_size for h in heads} | ({head.size} if head else set()))
        self._check_signatures(key)

    # --- signed heads ---------------------------------------------------------------------------
    def _check_signatures(self, key) -> None:
        kid = signing.key_id(key) if key else None
        roots_by_size: dict[int, str] = {}
        for th in self.heads:
            where = f"签名树头 #{th.pk}（大小 {th.tree_size}）"
            if roots_by_size.setdefault(th.tree_size, th.root_hash) != th.root_hash:
                self.report.add("split_view", f"{where}与同样大小的另一树头根哈希不同（分叉视图）")
            if key is None:
                self.report.add("no_public_key", f"{where}：找不到公钥，无法验证签名")
                continue
            if th.key_id != kid:
                self.report.add("unknown_key", f"{where}由另一密钥 {th.key_id[:16]}… 签名")
                continue
            try:
                body = signing.checkpoint_body(
                    th.origin, th.tree_size, bytes.fromhex(th.root_hash), th.timestamp
                )
                signature = base64.b64decode(th.signature, validate=True)
            except (ValueError, binascii.Error):
                self.report.add("signature_invalid", f"{where}的字段格式损坏")
                continue
            if not signing.verify_signature(body, signature, key):
                self.report.add("signature_invalid", f"{where}的签名无效")

    # --- entries --------------------------------------------------------------------------------
    def feed(self, rows: list[tuple]) -> None:
        self.rows += len(rows)
        digests = clean_leaves(rows, self.expected, self._quoted)
        if digests is None:
            for row in rows:
                self._check_row(row)
            return
        self.expected += len(rows)
        if self.tree_ok:
            self._grow(digests)

    def feed_segments(self, parts) -> None:
        """Segments of rows.segments(), in index order."""
        for tag, *data in parts:
            if tag == "leaves":
                self.feed_leaves(*data)
            else:
                self.feed(*data)

    def feed_leaves(self, first: int, packed: bytes, block: tuple | None = None) -> None:
        """A chunk found clean: entries first, first + 1, ... with these leaf hashes; `block` is its
        subtree when parallel.with_blocks() hashed it (level, root, nodes at MIN_LEVEL and up)."""
        if first != self.expected:
            # The rows before `first` are missing: what _check_row says of the row at `first`.
            self.report.add("missing_entry", f"条目 #{self.expected} 至 #{first - 1} 缺失", self.expected)
            self.tree_ok = False
            self.expected = first
        count = len(packed) // merkle.HASH_SIZE
        self.rows += count
        self.expected += count
        if not self.tree_ok:
            return
        checkpoints = self.checkpoints
        if block is None or self.tree.size != first or (checkpoints and checkpoints[0] < first + count):
            # A signed head inside the chunk needs the root at that size: leaf by leaf.
            self._grow([packed[i : i + merkle.HASH_SIZE] for i in range(0, len(packed), merkle.HASH_SIZE)])
            return
        level, root, nodes = block
        for node in nodes:
            self._check_node(*node)
        self.tree.push_block(root, level)
        if checkpoints and checkpoints[0] == self.tree.size:
            self._check_root(checkpoints.pop(0), self.tree.root())

    def _check_row(self, row: tuple) -> None:
        index, kind, st, sid, actor, created, payload, stored = row
        report = self.report
        if not isinstance(index, int) or index < self.expected:
            report.add(
                "duplicate_entry", f"条目序号 {index!r} 重复或乱序", index if isinstance(index, int) else None
            )
            self.tree_ok = False
            return
        if index > self.expected:
            report.add("missing_entry", f"条目 #{self.expected} 至 #{index - 1} 缺失", self.expected)
            self.tree_ok = False
            self.expected = index
        self.expected += 1
        if actor is None:
            report.add("actor_inconsistent", f"条目 #{index} 同时有操作人和系统操作者", index)
            self.tree_ok = False
            return
        try:
            data = leaf_data(
                index=index,
                kind=kind,
                subject_type=st,
                subject_id=sid,
                actor=actor,
                created_at=created,
                payload=bytes(payload).decode("utf-8"),
            )
        except (TypeError, ValueError, UnicodeError) as exc:
            report.add("unreadable", f"条目 #{index} 的字段无法解析：{exc}", index)
            self.tree_ok = False
            return
        digest = merkle.hash_leaf(data)
        if digest.hex() != stored:
            report.add("leaf_mismatch", f"条目 #{index} 的内容与其叶哈希不符（被修改、替换或重排）", index)
            self.tree_ok = False
        elif self.tree_ok:
            self._grow([digest])

    # --- tree -----------------------------------------------------------------------------------
    def _grow(self, digests: list[bytes]) -> None:
        tree, position = self.tree, 0
        checkpoints = self.checkpoints
        while checkpoints and checkpoints[0] <= tree.size + len(digests) - position:
            take = checkpoints.pop(0) - tree.size
            tree.extend(digests[position : position + take])
            position += take
            self._check_root(tree.size, tree.root())
            if not self.tree_ok:
                return
        tree.extend(digests[position:])

    def _check_root(self, size: int, root: bytes) -> None:
        root_hex, lo = root.hex(), self.last_good_size
        for th in self.heads:
            if th.tree_size == size and th.root_hash != root_hex:
                self.report.add(
                    "root_mismatch",
                    f"重算的根哈希与签名树头 #{th.pk}（大小 {size}）不符：条目 #{lo} 至 #{size - 1} 之间被改动",
                    lo,
                )
                self.tree_ok = False
        head = self.head
        if (
            head
            and head.size == size
            and (head.root_hash != root_hex or head.frontier != self._frontier_hex())
        ):
            self.report.add(
                "head_mismatch", f"日志头记录的根哈希与重算结果不符：条目 #{lo} 至 #{size - 1} 之间被改动", lo
            )
            self.tree_ok = False
        if self.tree_ok:
            self.last_good_size = size

    def _frontier_hex(self) -> list[str]:
        return [h.hex() for h in self.tree.frontier]

    def _check_node(self, level: int, index: int, digest: bytes) -> None:
        if self.tree_ok and self.nodes.get((level, index)) != digest.hex():
            first = index << level
            self.report.add(
                "node_mismatch",
                f"存储的子树哈希（第 {level} 层第 {index} 个，自条目 #{first} 起）缺失或不符",
                first,
            )

    def finish(self) -> None:
        report, count = self.report, self.expected
        report.entries = self.rows
        while self.tree_ok and self.checkpoints and self.checkpoints[0] == self.tree.size:
            self._check_root(self.checkpoints.pop(0), self.tree.root())
        if self.tree_ok:
            report.root_hash = self.tree.root().hex()
        claimed = max((th.tree_size for th in self.heads), default=0)
        if claimed > count:
            unchecked = (
                f"；条目 #{self.last_good_size} 起无法与签名树头核对" if self.last_good_size < count else ""
            )
            report.add(
                "truncated",
                f"签名树头覆盖 {claimed} 条，但只存有 {count} 条：条目 #{count} 起缺失{unchecked}",
                count,
            )
        if self.head is None:
            if count:
                report.add("head_missing", "日志头缺失，但存在日志条目", None)
        elif self.head.size != count:
            report.add(
                "head_mismatch",
                f"日志头记录 {self.head.size} 条，实际存有 {count} 条",
                min(self.head.size, count),
            )
        if self.tree_ok:
            expected_nodes = sum(
                count >> level for level in range(TreeNode.MIN_LEVEL, max(count.bit_length(), 1))
            )
            if expected_nodes != len(self.nodes):
                report.add(
                    "node_mismatch", f"存储的子树哈希有 {len(self.nodes)} 个，应为 {expected_nodes} 个", None
                )
