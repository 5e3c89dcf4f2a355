"""Reproducible, stratified sampling of case files (docs/evaluation.md "Sampling").

The draw is a pure function of recorded inputs, so anyone can re-run it, by hand if need be:

1. Candidates: the body's cases in state 已结案/已归档 whose closing date lies in the plan's period
   (E11), identified by their public id (a UUID, lower-case with hyphens).
2. Stratum of a case: "<procedure>.<decision kind>" (e.g. `ordinary.penalty`, `ordinary.no_penalty`,
   `simplified.penalty`; `none` when no decision was recorded).
3. For each candidate, key = SHA-256 over the UTF-8 text "<seed>|<body credit code>|<stratum>|<public id>",
   in lower-case hex. Within each stratum, sort the candidates by key (ties cannot happen in practice;
   they would fall back to the id) and take the first `size` (size = min(per-stratum size, candidates)).
4. The candidate list's fingerprint: SHA-256 over the lines "<stratum>\\t<public id>\\n", strata in
   code order, ids sorted within each stratum. It proves the draw used exactly the recorded list.

Sorting by a keyed hash is a uniformly random permutation for a secret-until-drawn seed, needs no
particular random-number generator, and gives the same answer in any language (`sha256sum` will do).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field

from sanxiang.cases.choices import CaseState, DecisionKind, Procedure

ALGORITHM = "sha256-rank-v1"
CLOSED_STATES = (CaseState.CLOSED, CaseState.ARCHIVED)


@dataclass
class Stratum:
    code: str
    label: str
    size: int
    candidates: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"code": self.code, "label": self.label, "size": self.size, "candidates": self.candidates}


@dataclass(frozen=True)
class Pick:
    stratum: str
    rank: int
    key: str
    case_id: str


def stratum_of(procedure: str, decision_kind: str) -> str:
    return f"{procedure}.{decision_kind or 'none'}"


def stratum_label(code: str) -> str:
    procedure, _, kind = code.partition(".")
    kinds = dict(DecisionKind.choices) | {"none": "未作决定"}
    return f"{dict(Procedure.choices).get(procedure, procedure)}·{kinds.get(kind, kind)}"


def rank_key(seed: str, body_code: str, stratum: str, case_id: str) -> str:
    return hashlib.sha256(f"{seed}|{body_code}|{stratum}|{case_id}".encode()).hexdigest()


def build_strata(cases: Iterable[tuple[str, str, str]], per_stratum: int) -> list[Stratum]:
    """Group (public id, procedure, decision kind) rows into strata in code order, ids sorted."""
    groups: dict[str, list[str]] = {}
    for case_id, procedure, kind in cases:
        groups.setdefault(stratum_of(procedure, kind), []).append(str(case_id))
    return [
        Stratum(code, stratum_label(code), min(per_stratum, len(ids)), sorted(ids))
        for code, ids in sorted(groups.items())
    ]


def candidates_digest(strata: Iterable[Stratum]) -> str:
    text = "".join(
        f"{s.code}\t{case_id}\n"
        for s in sorted(strata, key=lambda s: s.code)
        for case_id in sorted(s.candidates)
    )
    return hashlib.sha256(text.encode()).hexdigest()


def draw(seed: str, body_code: str, strata: Iterable[Stratum]) -> list[Pick]:
    """The sample: per stratum, the `size` candidates with the smallest keys, in key order."""
    picks: list[Pick] = []
    for stratum in sorted(strata, key=lambda s: s.code):
        keyed = sorted((rank_key(seed, body_code, stratum.code, c), c) for c in set(stratum.candidates))
        for rank, (key, case_id) in enumerate(keyed[: stratum.size], start=1):
            picks.append(Pick(stratum.code, rank, key, case_id))
    return picks


def strata_from_record(rows: list[dict]) -> list[Stratum]:
    return [Stratum(r["code"], r.get("label", ""), int(r["size"]), list(r["candidates"])) for r in rows]
