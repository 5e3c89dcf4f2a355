"""Public-verifiable ledger data: the signed tree head, proofs and the public key.

No entry contents are served here, only hashes, so that anyone holding an entry (or a receipt
of one) can check it against a signed head. Mounted at /api/v1/ledger by the api app.
"""

from __future__ import annotations

from ninja import Router, Schema

from sanxiang.core.errors import NotFound

from . import selectors, signing
from .proofs import consistency_proof, inclusion_proof
from .serialize import tree_head_dict

# Public: tree heads and proofs are meant for outsiders (courts, parties) to verify the log.
router = Router(tags=["防篡改日志"], auth=None)


class TreeHeadOut(Schema):
    tree_size: int
    root_hash: str
    timestamp: str
    origin: str
    key_id: str
    signature: str
    checkpoint: str | None


class InclusionProofOut(Schema):
    index: int
    tree_size: int
    leaf_hash: str
    root_hash: str
    proof: list[str]
    tree_head: TreeHeadOut | None


class ConsistencyProofOut(Schema):
    old_size: int
    new_size: int
    old_root: str
    new_root: str
    proof: list[str]


class PublicKeyOut(Schema):
    algorithm: str
    key_id: str
    origin: str
    pem: str
    verifier_key: str


@router.get("/tree-head", response=TreeHeadOut, summary="最新签名树头")
def latest_tree_head(request):
    head = selectors.latest_tree_head()
    if head is None:
        raise NotFound("尚无签名树头")
    return tree_head_dict(head)


@router.get("/entries/{index}/proof", response=InclusionProofOut, summary="条目的包含证明")
def entry_proof(request, index: int, tree_size: int | None = None):
    proof = inclusion_proof(index, tree_size)
    return {**proof.__dict__, "tree_head": tree_head_dict(proof.tree_head)}


@router.get("/consistency", response=ConsistencyProofOut, summary="两个树大小之间的一致性证明")
def consistency(request, old: int, new: int):
    return consistency_proof(old, new).__dict__


@router.get("/pubkey", response=PublicKeyOut, summary="验证签名树头的公钥")
def public_key(request):
    key = signing.public_key()
    origin = signing.origin()
    return {
        "algorithm": "Ed25519",
        "key_id": signing.key_id(key),
        "origin": origin,
        "pem": signing.public_key_pem(key),
        "verifier_key": signing.verifier_key(origin, key),
    }
