"""Hypothesis: for random trees, every valid proof verifies and every mutation of it fails."""

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from sanxiang.ledger import merkle

from .test_merkle_vectors import naive_mth, naive_path, naive_proof

# Distinct leaves: with two equal leaves, swapping their indices is not a mutation at all.
leaf_lists = st.lists(st.binary(max_size=12), min_size=1, max_size=70, unique=True)


def flip(proof: list[bytes], i: int, bit: int) -> list[bytes]:
    changed = list(proof)
    changed[i] = bytes([changed[i][0] ^ (1 << bit)]) + changed[i][1:]
    return changed


@given(leaf_lists)
def test_the_root_matches_the_naive_recursion_and_streaming_in_any_pieces(leaves):
    hashes = [merkle.hash_leaf(d) for d in leaves]
    expected = naive_mth(leaves)
    assert merkle.root(hashes) == expected
    one_by_one = merkle.TreeBuilder()
    for h in hashes:
        one_by_one.push(h)
    assert one_by_one.root() == expected
    # A builder restored from a frontier carries on exactly where the first one stopped.
    middle = len(hashes) // 3
    first = merkle.TreeBuilder()
    first.extend(hashes[:middle])
    resumed = merkle.TreeBuilder(first.frontier, first.size)
    resumed.extend(hashes[middle:])
    assert resumed.root() == expected
    assert resumed.frontier == one_by_one.frontier


@given(leaf_lists)
def test_the_node_sink_sees_every_perfect_subtree_exactly_once(leaves):
    hashes = [merkle.hash_leaf(d) for d in leaves]
    seen: dict[tuple[int, int], bytes] = {}

    def sink(level, index, digest):
        assert (level, index) not in seen
        seen[(level, index)] = digest

    builder = merkle.TreeBuilder(node_sink=sink, sink_min_level=2)
    builder.extend(hashes[:5])
    for h in hashes[5:]:
        builder.push(h)
    n = len(hashes)
    expected = {
        (level, i): merkle.root(hashes[i << level : (i + 1) << level])
        for level in range(2, n.bit_length())
        for i in range(n >> level)
    }
    assert seen == expected


@given(leaf_lists, st.data())
def test_every_inclusion_proof_verifies_and_every_mutation_fails(leaves, data):
    hashes = [merkle.hash_leaf(d) for d in leaves]
    size = data.draw(st.integers(1, len(hashes)), label="size")
    index = data.draw(st.integers(0, size - 1), label="index")
    root = merkle.root(hashes[:size])
    proof = merkle.inclusion_proof(hashes, index, size)
    assert proof == naive_path(index, leaves[:size])
    assert merkle.verify_inclusion(index, size, hashes[index], proof, root)

    other = (
        data.draw(st.integers(0, size - 1).filter(lambda i: i != index), label="other") if size > 1 else None
    )
    if other is not None:
        assert not merkle.verify_inclusion(other, size, hashes[index], proof, root)
        assert not merkle.verify_inclusion(index, size, hashes[other], proof, root)
    assert not merkle.verify_inclusion(index, size, merkle.hash_leaf(b"not a leaf"), proof, root)
    assert not merkle.verify_inclusion(
        index, size, hashes[index], proof, flip([root], 0, data.draw(st.integers(0, 7)))
    )
    assert not merkle.verify_inclusion(index, size, hashes[index], [*proof, root], root)
    if proof:
        i = data.draw(st.integers(0, len(proof) - 1), label="element")
        assert not merkle.verify_inclusion(
            index, size, hashes[index], flip(proof, i, data.draw(st.integers(0, 7))), root
        )
        assert not merkle.verify_inclusion(index, size, hashes[index], proof[:-1], root)
        assert not merkle.verify_inclusion(index, size, hashes[index], proof[1:], root)


@given(leaf_lists, st.data())
def test_consistency_from_every_old_size_verifies_and_mutations_fail(leaves, data):
    hashes = [merkle.hash_leaf(d) for d in leaves]
    new = len(hashes)
    new_root = merkle.root(hashes)
    for old in range(new + 1):
        old_root = merkle.root(hashes[:old])
        proof = merkle.consistency_proof(hashes, old, new)
        assert proof == naive_proof(old, leaves)
        assert merkle.verify_consistency(old, new, old_root, new_root, proof), old
    old = data.draw(st.integers(1, new), label="old")
    old_root = merkle.root(hashes[:old])
    proof = merkle.consistency_proof(hashes, old, new)
    bit = data.draw(st.integers(0, 7), label="bit")
    assert not merkle.verify_consistency(old, new, flip([old_root], 0, bit)[0], new_root, proof)
    assert not merkle.verify_consistency(old, new, old_root, flip([new_root], 0, bit)[0], proof)
    if proof:
        i = data.draw(st.integers(0, len(proof) - 1), label="element")
        assert not merkle.verify_consistency(old, new, old_root, new_root, flip(proof, i, bit))
        assert not merkle.verify_consistency(old, new, old_root, new_root, proof[:-1])
        assert not merkle.verify_consistency(old, new, old_root, new_root, [*proof, new_root])


@given(leaf_lists, st.data())
def test_an_older_tree_that_is_not_a_prefix_has_no_consistency_proof(leaves, data):
    hashes = [merkle.hash_leaf(d) for d in leaves]
    new = len(hashes)
    old = data.draw(st.integers(1, new), label="old")
    k = data.draw(st.integers(0, old - 1), label="rewritten")
    rewritten = list(hashes[:old])
    rewritten[k] = merkle.hash_leaf(b"rewritten " + leaves[k])
    assume(rewritten[k] not in hashes)
    proof = merkle.consistency_proof(hashes, old, new)
    assert not merkle.verify_consistency(old, new, merkle.root(rewritten), merkle.root(hashes), proof)


@given(
    st.integers(-3, 300),
    st.integers(-3, 300),
    st.binary(max_size=40),
    st.lists(st.binary(max_size=40), max_size=12),
    st.binary(max_size=40),
)
def test_the_verifiers_never_raise_on_garbage(a, b, one, proof, other):
    # IN-02: whatever a client sends, the answer is a boolean, never an exception.
    assert merkle.verify_inclusion(a, b, one, proof, other) in (True, False)
    assert merkle.verify_consistency(a, b, one, other, proof) in (True, False)


@pytest.mark.parametrize("size", [1, 2, 3, 7, 8, 9, 255, 256, 257, 1000])
def test_proof_ranges_decompose_into_aligned_perfect_subtrees(size):
    for index in range(0, size, max(1, size // 17)):
        for lo, hi in merkle.inclusion_ranges(index, size):
            assert sum(1 << level for level, _ in merkle.perfect_subtrees(lo, hi)) == hi - lo
    for old in range(0, size + 1, max(1, size // 13)):
        for lo, hi in merkle.consistency_ranges(old, size):
            assert sum(1 << level for level, _ in merkle.perfect_subtrees(lo, hi)) == hi - lo


def test_impossible_requests_raise_proof_error():
    with pytest.raises(merkle.ProofError):
        merkle.inclusion_ranges(3, 3)
    with pytest.raises(merkle.ProofError):
        merkle.consistency_ranges(4, 3)
    with pytest.raises(merkle.ProofError):
        merkle.perfect_subtrees(1, 3)  # [1, 3) is not a subtree RFC 6962 ever asks for
    with pytest.raises(ValueError):
        merkle.TreeBuilder([merkle.EMPTY_ROOT], 3)  # 3 leaves are two perfect subtrees (2 + 1)
    with pytest.raises(ValueError):
        merkle.TreeBuilder([], 3)
