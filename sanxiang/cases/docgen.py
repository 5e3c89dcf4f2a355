"""Render the transition table as Markdown (docs/procedure.md is this output, checked by a test)."""

from __future__ import annotations

from sanxiang.orgs.choices import Role
from sanxiang.orgs.permissions import ROLE_RIGHTS

from .choices import CaseState, Procedure
from .procedure import GATES, TRANSITIONS

HEADER = """# 办案程序（行政处罚）— the case procedure

Generated from `sanxiang/cases/procedure.py` by `sanxiang procedure_doc > docs/procedure.md`;
a test fails when this file and the table disagree. States are `CaseState`; "（不变）" means the step
is recorded without changing the state; `resume` returns to the state before the suspension.

"""


GATE_PURPOSE = {
    "legal_review": "the legal review of major decisions (REV-01) registers its guard here.",
    "av_record": "REC-01: coercive measures and forced demolition need an attached audio/video record.",
    "records": "REC-03: the written records of every stage must exist before closing.",
}


def _roles_with(action: str) -> str:
    return "、".join(Role(r).label for r, rights in ROLE_RIGHTS.items() if action in rights.actions)


def render() -> str:
    lines = [
        HEADER,
        "| 操作 (name) | 从 | 到 | 谁可以 | 程序 | 规则 | 关口 |",
        "|---|---|---|---|---|---|---|",
    ]
    for t in TRANSITIONS:
        sources = "、".join(CaseState(s).label for s in sorted(t.sources))
        target = CaseState(t.target).label if t.target else "（不变）"
        procedures = "、".join(Procedure(p).label for p in sorted(t.procedures))
        gate = "、".join(f"`{g}`" for g in t.gates)
        lines.append(
            f"| {t.label} (`{t.name}`) | {sources} | {target} | {_roles_with(t.action)} | {procedures} | "
            f"{', '.join(t.rules)} | {gate} |"
        )
    lines += ["", "## 关口 (gate slots)", ""]
    for slot in GATES:
        lines.append(f"- `{slot}`: {GATE_PURPOSE[slot]}")
    return "\n".join(lines) + "\n"
