"""The catalogue section of docs/documents.md, generated from kinds.py (a test keeps them equal)."""

from __future__ import annotations

from sanxiang.cases import procedure

from . import kinds

START, END = "<!-- catalogue:start -->", "<!-- catalogue:end -->"


def _issued_by(kind: kinds.Kind) -> str:
    steps = [f"{procedure.BY_NAME[t].label} (`{t}`)" for t in kind.transitions]
    if kind.manual:
        steps.append("手工制作 (`issue_document`)")
    return "；".join(steps)


def _number(kind: kinds.Kind) -> str:
    if kind.number_from == "decision":
        return "决定书文号（`case.decision_number`）"
    return f"“{kind.mark}” `doc:{kind.code}`" if kind.mark else "无（显示案件编号）"


def render() -> str:
    lines = [
        START,
        "| 文书 (`kind`) | 产生 | 文号 | REC-03 环节 | 依据 |",
        "|---|---|---|---|---|",
    ]
    for kind in kinds.KINDS.values():
        stage = kinds.STAGES[kind.stage].split("（")[0] if kind.stage else "—"
        lines.append(
            f"| {kind.title} (`{kind.code}`) | {_issued_by(kind)} | {_number(kind)} | {stage} | {kind.basis} |"
        )
    lines += ["", "### 各文书的字段和模板变量", ""]
    for kind in kinds.KINDS.values():
        fields = "；".join(f"{f.label} `{f.key}`" for f in kind.fields)
        hidden = "、".join(f"`{k}`" for k in kind.hidden)
        required = "、".join(" 或 ".join(f"`{a}`" for a in item.split("|")) for item in kind.required)
        lines.append(
            f"- **{kind.title}** (`{kind.code}`, {kind.layout}): {fields}"
            + (f"；另有 {hidden}" if hidden else "")
        )
        lines.append(f"  模板必须使用：{required}")
    lines += ["", "### 所有文书共有的变量", ""]
    lines += [f"- `{f.key}`：{f.label}" for f in kinds.COMMON_FIELDS]
    lines.append(f"- `parties`：当事人列表，每项有 {'、'.join(f'`{k}`' for k in kinds.PARTY_ITEM_KEYS)}")
    lines.append(f"- `officers`：承办人员列表，每项有 {'、'.join(f'`{k}`' for k in kinds.OFFICER_ITEM_KEYS)}")
    lines.append(END)
    return "\n".join(lines)
