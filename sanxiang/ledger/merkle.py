"""RFC 6962 / RFC 9162 §2.1 Merkle tree hashing and proofs over SHA-256.

Pure Python, no Django: the same code serves the ledger, the CLI and anyone who wants to check
our proofs. Hashes are raw 32-byte `bytes`; callers convert to hex at their edges.

- leaf hash  H(0x00 || data), node hash H(0x01 || left || right), empty tree H("");
- MTH(D[n]) splits at the largest power of two smaller than n;
- PATH (inclusion) and PROOF (consistency) as in RFC 6962 §2.1.1-2.1.2, verified with the
  algorithms of RFC 9162 §2.1.3.2 and §2.1.4.2.

A tree of `size` leaves is described by its compact range ("frontier"): the roots of the perfect
subtrees its size decomposes into, largest first (one per set bit of `size`). Appending a leaf
and computing the root from the frontier both cost O(log n).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence

HASH_SIZE = 32
EMPTY_ROOT = hashlib.sha256(b"").digest()

_sha256 = hashlib.sha256
_LEAF = b"\x00"
_NODE = b"\x01"

# subtree(level, index) -> hash of the perfect subtree over leaves [index << level, (index + 1) << level)
SubtreeHash = Callable[[int, int], bytes]
NodeSink = Callable[[int, int, bytes], None]


class ProofError(ValueError):
    """A proof request or a proof that cannot be valid (bad sizes, indices or hash lengths)."""


def hash_leaf(data: bytes) -> bytes:
    return _sha256(_LEAF + data).digest()


def hash_children(left: bytes, right: bytes) -> bytes:
    return _sha256(_NODE + left + right).digest()


def split_point(n: int) -> int:
    """The largest power of two strictly smaller than n (n >= 2): where MTH splits D[n]."""
    if n < 2:
        raise ValueError("split_point needs n >= 2")
    return 1 << ((n - 1).bit_length() - 1)


class TreeBuilder:
    """Streams leaf hashes into a tree and keeps only its compact range.

    `node_sink(level, index, hash)` is called for every perfect subtree completed at
    `level >= sink_min_level`; the ledger stores those to serve proofs without reading all leaves.
    """

    __slots__ = ("_sink", "_sink_min_level", "_stack", "size")

    def __init__(
        self,
        frontier: Iterable[bytes] = (),
        size: int = 0,
        *,
        node_sink: NodeSink | None = None,
        sink_min_level: int = 1,
    ):
        self._stack = list(frontier)
        if size < 0 or len(self._stack) != size.bit_count():
            raise ValueError(
                f"a frontier for {size} leaves has {size.bit_count()} hashes, not {len(self._stack)}"
            )
        self.size = size
        self._sink = node_sink
        self._sink_min_level = max(sink_min_level, 1)

    @property
    def frontier(self) -> list[bytes]:
        return list(self._stack)

    def push(self, leaf_hash: bytes) -> None:
        """Append one leaf hash."""
        self._push_subtree(leaf_hash, 0)

    def extend(self, leaf_hashes: Sequence[bytes]) -> None:
        """Append many leaf hashes; aligned power-of-two blocks are hashed level by level (faster)."""
        position, total = 0, len(leaf_hashes)
        while position < total:
            remaining = total - position
            block = 1 << (remaining.bit_length() - 1)
            if self.size:
                block = min(block, self.size & -self.size)
            if block == 1:
                self._push_subtree(leaf_hashes[position], 0)
            else:
                self._push_subtree(
                    self._block_root(leaf_hashes[position : position + block]), block.bit_length() - 1
                )
            position += block

    def push_block(self, subtree_hash: bytes, level: int) -> None:
        """Append a perfect subtree of 2**level leaves, hashed elsewhere (perfect_subtree()); the
        tree's size must be a multiple of 2**level. Nodes it completes above `level` go to the sink."""
        if level < 0 or self.size & ((1 << level) - 1):
            raise ValueError(f"a subtree of 2**{level} leaves cannot follow {self.size} leaves")
        self._push_subtree(subtree_hash, level)

    def root(self) -> bytes:
        """MTH of everything pushed so far (EMPTY_ROOT for no leaves)."""
        if not self._stack:
            return EMPTY_ROOT
        stack = self._stack
        result = stack[-1]
        for left in reversed(stack[:-1]):
            result = _sha256(_NODE + left + result).digest()
        return result

    def _push_subtree(self, subtree_hash: bytes, level: int) -> None:
        # Precondition: self.size is a multiple of 2**level, so the subtree is aligned.
        stack, sink = self._stack, self._sink
        added = 1 << level
        carry = self.size >> level  # the subtree's index at its level; odd means it is a right child
        while carry & 1:
            subtree_hash = _sha256(_NODE + stack.pop() + subtree_hash).digest()
            carry >>= 1
            level += 1
            if sink is not None and level >= self._sink_min_level:
                sink(level, carry, subtree_hash)
        stack.append(subtree_hash)
        self.size += added

    def _block_root(self, hashes: Sequence[bytes]) -> bytes:
        return perfect_subtree(hashes, self.size, self._sink, self._sink_min_level)


def perfect_subtree(
    hashes: Sequence[bytes], first: int, sink: NodeSink | None = None, min_level: int = 1
) -> bytes:
    """The root over 2**k leaf hashes starting at leaf `first` (a multiple of 2**k), hashed level by
    level; `sink(level, index, hash)` gets every node at `min_level` and above, the root included."""
    level, current = 0, hashes
    node, join = _NODE, b"".join
    while len(current) > 1:
        current = [
            _sha256(join((node, a, b))).digest() for a, b in zip(current[::2], current[1::2], strict=True)
        ]
        level += 1
        if sink is not None and level >= min_level:
            offset = first >> level
            for i, h in enumerate(current):
                sink(level, offset + i, h)
    return current[0]


def root(leaf_hashes: Sequence[bytes]) -> bytes:
    """MTH of a list of leaf hashes, in O(n) time and O(log n) memory."""
    builder = TreeBuilder()
    builder.extend(leaf_hashes)
    return builder.root()


# --- proof shapes --------------------------------------------------------------------------------
# A proof is first computed as a list of leaf ranges [lo, hi); resolving each range to a hash is
# left to the caller's storage (in-memory list, database, ...).


def inclusion_ranges(index: int, size: int) -> list[tuple[int, int]]:
    """RFC 6962 §2.1.1 PATH(index, D[size]) as leaf ranges, deepest first."""
    if not 0 <= index < size:
        raise ProofError(f"leaf {index} is not in a tree of size {size}")
    ranges: list[tuple[int, int]] = []
    lo, hi = 0, size
    while hi - lo > 1:
        k = split_point(hi - lo)
        if index < lo + k:
            ranges.append((lo + k, hi))
            hi = lo + k
        else:
            ranges.append((lo, lo + k))
            lo += k
    ranges.reverse()
    return ranges


def consistency_ranges(old_size: int, new_size: int) -> list[tuple[int, int]]:
    """RFC 6962 §2.1.2 PROOF(old_size, D[new_size]) as leaf ranges, deepest first.

    Empty for old_size == 0 or old_size == new_size (nothing to prove).
    """
    if not 0 <= old_size <= new_size:
        raise ProofError(f"no consistency proof from size {old_size} to size {new_size}")
    if old_size in (0, new_size):
        return []
    ranges: list[tuple[int, int]] = []
    lo, hi, m, complete = 0, new_size, old_size, True
    while m != hi - lo:
        k = split_point(hi - lo)
        if m <= k:
            ranges.append((lo + k, hi))
            hi = lo + k
        else:
            ranges.append((lo, lo + k))
            lo, m, complete = lo + k, m - k, False
    if not complete:
        ranges.append((lo, hi))
    ranges.reverse()
    return ranges


def perfect_subtrees(lo: int, hi: int) -> list[tuple[int, int]]:
    """Split [lo, hi) into aligned perfect subtrees (level, index), largest first.

    Valid for the ranges RFC 6962 produces: lo is a multiple of the largest power of two <= hi - lo.
    """
    if not 0 <= lo < hi:
        raise ProofError(f"empty or negative leaf range [{lo}, {hi})")
    pieces: list[tuple[int, int]] = []
    while lo < hi:
        level = (hi - lo).bit_length() - 1
        if lo & ((1 << level) - 1):
            raise ProofError(f"leaf range [{lo}, {hi}) is not aligned as in RFC 6962")
        pieces.append((level, lo >> level))
        lo += 1 << level
    return pieces


def range_hash(lo: int, hi: int, subtree: SubtreeHash) -> bytes:
    """MTH(D[lo:hi]) from the hashes of its perfect subtrees."""
    hashes = [subtree(level, index) for level, index in perfect_subtrees(lo, hi)]
    result = hashes[-1]
    for left in reversed(hashes[:-1]):
        result = hash_children(left, result)
    return result


def memory_subtree(leaf_hashes: Sequence[bytes]) -> SubtreeHash:
    """A SubtreeHash over an in-memory list of leaf hashes (tests, the CLI, small trees)."""

    def subtree(level: int, index: int) -> bytes:
        return root(leaf_hashes[index << level : (index + 1) << level])

    return subtree


def inclusion_proof(leaf_hashes: Sequence[bytes], index: int, size: int | None = None) -> list[bytes]:
    """PATH(index, D[size]) for an in-memory tree."""
    size = len(leaf_hashes) if size is None else size
    if size > len(leaf_hashes):
        raise ProofError(f"tree of size {size} requested, only {len(leaf_hashes)} leaves")
    subtree = memory_subtree(leaf_hashes)
    return [range_hash(lo, hi, subtree) for lo, hi in inclusion_ranges(index, size)]


def consistency_proof(
    leaf_hashes: Sequence[bytes], old_size: int, new_size: int | None = None
) -> list[bytes]:
    """PROOF(old_size, D[new_size]) for an in-memory tree."""
    new_size = len(leaf_hashes) if new_size is None else new_size
    if new_size > len(leaf_hashes):
        raise ProofError(f"tree of size {new_size} requested, only {len(leaf_hashes)} leaves")
    subtree = memory_subtree(leaf_hashes)
    return [range_hash(lo, hi, subtree) for lo, hi in consistency_ranges(old_size, new_size)]


# --- verification (RFC 9162 §2.1.3.2 and §2.1.4.2) ------------------------------------------------


def _check_hashes(*hashes: bytes) -> None:
    for value in hashes:
        if not isinstance(value, bytes | bytearray) or len(value) != HASH_SIZE:
            raise ProofError("every hash must be 32 bytes")


def root_from_inclusion_proof(index: int, size: int, leaf_hash: bytes, proof: Sequence[bytes]) -> bytes:
    """The root a valid inclusion proof leads to; raises ProofError if the proof has the wrong shape."""
    if not 0 <= index < size:
        raise ProofError(f"leaf {index} is not in a tree of size {size}")
    _check_hashes(leaf_hash, *proof)
    fn, sn, r = index, size - 1, bytes(leaf_hash)
    for p in proof:
        if sn == 0:
            raise ProofError("inclusion proof is too long")
        if fn & 1 or fn == sn:
            r = hash_children(p, r)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            r = hash_children(r, p)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ProofError("inclusion proof is too short")
    return r


def verify_inclusion(
    index: int, size: int, leaf_hash: bytes, proof: Sequence[bytes], root_hash: bytes
) -> bool:
    """True if `proof` shows leaf `leaf_hash` at `index` in the tree of `size` with `root_hash`."""
    try:
        _check_hashes(root_hash)
        return root_from_inclusion_proof(index, size, leaf_hash, proof) == root_hash
    except (ProofError, TypeError):
        return False


def verify_consistency(
    old_size: int, new_size: int, old_root: bytes, new_root: bytes, proof: Sequence[bytes]
) -> bool:
    """True if `proof` shows the tree (old_size, old_root) is a prefix of (new_size, new_root)."""
    try:
        _check_hashes(old_root, new_root, *proof)
    except (ProofError, TypeError):
        return False
    if not 0 <= old_size <= new_size:
        return False
    if old_size == new_size:
        return not proof and old_root == new_root
    if old_size == 0:
        return not proof  # the empty tree is a prefix of every tree
    if not proof:
        return False
    path = list(proof)
    if old_size & (old_size - 1) == 0:  # exact power of two: the old root is itself a node
        path.insert(0, old_root)
    fn, sn = old_size - 1, new_size - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = hash_children(c, fr)
            sr = hash_children(c, sr)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = hash_children(sr, c)
        fn >>= 1
        sn >>= 1
    return sn == 0 and fr == old_root and sr == new_root
