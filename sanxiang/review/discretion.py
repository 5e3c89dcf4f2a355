"""The discretion check (裁量基准核对): is a proposed penalty inside its benchmark range?

Findings do not block anything; they are shown to the reviewer next to the checklist point
“法律适用与裁量基准”, with the row that applies.
"""

from __future__ import annotations

from decimal import Decimal

from sanxiang.cases.choices import PenaltyKind

from .choices import Circumstance
from .classify import amount_of, describe, kind_label, yuan
from .models import BenchmarkRange, ViolationType


def row_summary(violation: ViolationType, row: BenchmarkRange | None, circumstance: str) -> dict:
    return {
        "violation": f"{violation.code} {violation.name}",
        "basis": violation.legal_basis,
        "circumstance": Circumstance(circumstance).label,
        "fine_range": row.fine_range if row else "",
        "kinds": row.kind_labels if row else "",
        "description": row.description if row else "",
    }


def check(violation: ViolationType | None, circumstance: str, penalties: list[dict]) -> dict:
    """{"row": the applicable row (or None), "problems": Chinese findings; empty = inside the range}."""
    if violation is None or not circumstance:
        return {}
    row = next((r for r in violation.ranges.all() if r.circumstance == circumstance), None)
    summary = row_summary(violation, row, circumstance)
    if row is None:
        label = Circumstance(circumstance).label
        return {"row": summary, "problems": [f"裁量基准未规定“{label}”情形的裁量幅度"]}
    problems = []
    if circumstance == Circumstance.EXEMPT and penalties:
        problems.append(f"适用“不予处罚”情形，但拟给予{describe(penalties)}")
    if row.allowed_kinds:
        for p in penalties:
            if p["kind"] not in row.allowed_kinds:
                problems.append(
                    f"处罚种类“{kind_label(p['kind'])}”不在该情形可适用的种类（{row.kind_labels}）内"
                )
    fines = [amount_of(p) for p in penalties if p["kind"] == PenaltyKind.FINE]
    if fines:
        fine = sum(fines, Decimal("0"))
        if row.min_fine is not None and fine < row.min_fine:
            problems.append(f"罚款 {yuan(fine)} 元低于该情形的下限 {yuan(row.min_fine)} 元")
        if row.max_fine is not None and fine > row.max_fine:
            problems.append(f"罚款 {yuan(fine)} 元高于该情形的上限 {yuan(row.max_fine)} 元")
    return {"row": summary, "problems": problems}
