"""Inclusion and consistency proofs served from the stored tree.

Perfect subtrees of 256 leaves and more are read from TreeNode rows, smaller ones are hashed from
at most a few hundred Entry.leaf_hash values, so a proof costs O(log n) whatever the log's size.
"""

from __future__ import annotations

from dataclasses import dataclass

from sanxiang.core.errors import Conflict, InvalidInput, NotFound

from . import merkle, selectors
from .errors import LedgerCorrupted
from .models import Entry, TreeHead, TreeNode


@dataclass(frozen=True)
class InclusionProof:
    """PATH(index, D[tree_size]) with everything needed to check it; hashes in hex."""

    index: int
    tree_size: int
    leaf_hash: str
    root_hash: str
    proof: list[str]
    tree_head: TreeHead | None


@dataclass(frozen=True)
class ConsistencyProof:
    """PROOF(old_size, D[new_size]) and the two roots it links; hashes in hex."""

    old_size: int
    new_size: int
    old_root: str
    new_root: str
    proof: list[str]


class _StoredTree:
    """A merkle.SubtreeHash over the database, prefetching what the given ranges need."""

    def __init__(self, ranges: list[tuple[int, int]]):
        pieces = {piece for lo, hi in ranges for piece in merkle.perfect_subtrees(lo, hi)}
        high = [(level, i) for level, i in pieces if level >= TreeNode.MIN_LEVEL]
        self._nodes: dict[tuple[int, int], bytes] = {}
        if high:
            rows = TreeNode.objects.filter(
                level__in={level for level, _ in high}, index__in={i for _, i in high}
            ).values_list("level", "index", "hash")
            self._nodes = {(level, i): bytes.fromhex(h) for level, i, h in rows}
        self._leaves: dict[int, bytes] = {}
        for lo, hi in _merged(
            (i << level, (i + 1) << level) for level, i in pieces if level < TreeNode.MIN_LEVEL
        ):
            rows = Entry.objects.filter(index__gte=lo, index__lt=hi).values_list("index", "leaf_hash")
            self._leaves.update((i, bytes.fromhex(h)) for i, h in rows)

    def __call__(self, level: int, index: int) -> bytes:
        try:
            if level >= TreeNode.MIN_LEVEL:
                return self._nodes[(level, index)]
            return merkle.root([self._leaves[i] for i in range(index << level, (index + 1) << level)])
        except KeyError:
            raise LedgerCorrupted(
                f"第 {level} 层第 {index} 个子树的哈希缺失，请运行 sanxiang ledger verify"
            ) from None


def _merged(intervals) -> list[tuple[int, int]]:
    result: list[tuple[int, int]] = []
    for lo, hi in sorted(intervals):
        if result and lo <= result[-1][1]:
            result[-1] = (result[-1][0], max(hi, result[-1][1]))
        else:
            result.append((lo, hi))
    return result


def _check_int(value, name: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise InvalidInput(f"{name} 必须是非负整数", fields={name: ["必须是非负整数"]})
    return value


def inclusion_proof(index: int, tree_size: int | None = None) -> InclusionProof:
    """Prove entry `index` is in the tree of `tree_size` (default: the latest signed tree head)."""
    index = _check_int(index, "index")
    size = selectors.current_size()
    if index >= size:
        raise NotFound(f"日志条目 #{index} 不存在")
    if tree_size is None:
        head = selectors.latest_tree_head()
        if head is None:
            raise Conflict("尚无签名树头，请先运行 sanxiang ledger sign")
        tree_size = head.tree_size
        if index >= tree_size:
            raise Conflict(f"日志条目 #{index} 尚未被签名树头覆盖（最新树头大小 {tree_size}），请稍后再试")
    else:
        tree_size = _check_int(tree_size, "tree_size")
        if not index < tree_size <= size:
            raise InvalidInput(
                f"树大小 {tree_size} 不合法：须大于条目序号 {index} 且不超过当前大小 {size}",
                fields={"tree_size": ["超出范围"]},
            )
        head = selectors.tree_head_for_size(tree_size)
    ranges = merkle.inclusion_ranges(index, tree_size)
    tree = _StoredTree([*ranges, (0, tree_size), (index, index + 1)])
    root = merkle.range_hash(0, tree_size, tree).hex()
    if head is not None and head.root_hash != root:
        raise LedgerCorrupted(f"存储的子树与大小为 {tree_size} 的签名树头不符，请运行 sanxiang ledger verify")
    return InclusionProof(
        index=index,
        tree_size=tree_size,
        leaf_hash=tree(0, index).hex(),
        root_hash=root,
        proof=[merkle.range_hash(lo, hi, tree).hex() for lo, hi in ranges],
        tree_head=head,
    )


def consistency_proof(old_size: int, new_size: int) -> ConsistencyProof:
    """Prove the tree of `old_size` is a prefix of the tree of `new_size`."""
    old_size, new_size = _check_int(old_size, "old"), _check_int(new_size, "new")
    size = selectors.current_size()
    if not old_size <= new_size <= size:
        raise InvalidInput(
            f"须满足 0 ≤ 旧大小 ({old_size}) ≤ 新大小 ({new_size}) ≤ 当前大小 ({size})",
            fields={"new": ["超出范围"]},
        )
    ranges = merkle.consistency_ranges(old_size, new_size)
    roots = [(0, s) for s in (old_size, new_size) if s]
    tree = _StoredTree([*ranges, *roots])

    def root_at(s: int) -> str:
        return (merkle.range_hash(0, s, tree) if s else merkle.EMPTY_ROOT).hex()

    return ConsistencyProof(
        old_size=old_size,
        new_size=new_size,
        old_root=root_at(old_size),
        new_root=root_at(new_size),
        proof=[merkle.range_hash(lo, hi, tree).hex() for lo, hi in ranges],
    )
