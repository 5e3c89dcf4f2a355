"""The rubric arithmetic (EVAL-01/02) and the default rubric, kept apart from the database.

EVAL-01: any veto item found -> score 0 and the worst grade (不合格); otherwise each section starts
at its maximum (form 20, substance 80) and loses each finding's points, where a finding's points
are defects x points-per-defect capped at the item's maximum; a section never goes below 0.
EVAL-02: the grade is the first of the configured grades whose minimum the total reaches.
E6: a finding on an item marked `caps_grade` keeps the file out of the best grade.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from .choices import Section

ZERO = Decimal("0")

# EVAL-02 / E10 (unconfirmed cut-offs, commonly 90/75-80/60): configurable per rubric.
DEFAULT_GRADES = [
    {"code": "excellent", "label": "优秀", "min": 90},
    {"code": "good", "label": "良好", "min": 80},
    {"code": "pass", "label": "合格", "min": 60},
    {"code": "fail", "label": "不合格", "min": 0},
]

# (section, code, label, points per defect, item maximum, caps the best grade)
# Veto items: the nine basic standards of E4; form and substance items after E4, E5, E6 and E7.
DEFAULT_ITEMS: list[tuple[str, str, str, str, str, bool]] = [
    (Section.VETO, "subject", "执法主体不合法或超越职权", "0", "0", False),
    (Section.VETO, "qualification", "执法人员不具备执法资格", "0", "0", False),
    (Section.VETO, "officers", "执法人员少于两人", "0", "0", False),
    (Section.VETO, "transfer", "涉嫌犯罪应当移送而未移送", "0", "0", False),
    (Section.VETO, "evidence", "主要证据不足", "0", "0", False),
    (Section.VETO, "facts", "违法事实不清", "0", "0", False),
    (Section.VETO, "characterisation", "定性错误", "0", "0", False),
    (Section.VETO, "law", "适用法律错误", "0", "0", False),
    (Section.VETO, "procedure", "违反法定程序（含程序倒置）", "0", "0", False),
    (Section.FORM, "templates", "未使用规范文书格式", "1", "2", False),
    (Section.FORM, "filling", "文书填写不规范、不完整", "1", "4", False),
    (Section.FORM, "one_file", "未做到一案一卷", "2", "2", False),
    (Section.FORM, "cover", "卷宗封面不规范", "1", "1", False),
    (Section.FORM, "contents", "缺少卷内目录或页码", "1", "2", False),
    (Section.FORM, "order", "卷内材料未按立案、调查、审查、决定、送达顺序排列", "1", "1", False),
    (Section.FORM, "numbering", "页码编写不规范", "1", "2", False),
    (Section.FORM, "binding", "装订、归档不规范", "1", "2", False),
    (Section.FORM, "seal", "主要文书缺少印章或签名", "1", "4", True),
    (Section.SUBSTANCE, "filing", "未立案、立案不及时或立案审批不规范", "1", "6", False),
    (Section.SUBSTANCE, "investigation", "调查取证不规范（身份证明、笔录、现场检查等）", "2", "10", True),
    (Section.SUBSTANCE, "measures", "强制措施、证据先行登记保存不规范", "3", "6", False),
    (Section.SUBSTANCE, "recording", "应当音像记录的环节缺少音像记录（REC-01）", "2", "6", False),
    (Section.SUBSTANCE, "legal_review", "重大执法决定法制审核不规范", "4", "8", True),
    (Section.SUBSTANCE, "notice", "告知、陈述申辩或听证程序不规范", "2", "10", True),
    (Section.SUBSTANCE, "discretion", "未适用或不当适用裁量基准", "5", "10", True),
    (Section.SUBSTANCE, "decision", "决定书要素不全、说理不充分", "2", "8", True),
    (Section.SUBSTANCE, "service", "送达不规范或缺少送达回证", "2", "6", False),
    (Section.SUBSTANCE, "execution", "执行不到位或未落实罚缴分离", "2", "6", False),
    (Section.SUBSTANCE, "closing", "结案、归档不及时或不规范", "2", "4", False),
]
DEFAULT_NAME = "行政执法案卷评查标准（默认）"


@dataclass(frozen=True)
class ItemRule:
    id: int
    section: str
    per_defect: Decimal
    maximum: Decimal
    caps_grade: bool


@dataclass(frozen=True)
class Score:
    vetoed: bool
    form: Decimal
    substance: Decimal
    total: Decimal
    grade: str
    grade_label: str
    points: dict[int, Decimal]  # item id -> points deducted


def item_points(rule: ItemRule, defects: int) -> Decimal:
    if rule.section == Section.VETO or defects <= 0:
        return ZERO
    return min(rule.maximum, rule.per_defect * defects)


def grade_for(total: Decimal, grades: list[dict], capped: bool) -> tuple[str, str]:
    ordered = sorted(grades, key=lambda g: Decimal(str(g["min"])), reverse=True)
    for position, grade in enumerate(ordered):
        if capped and position == 0:
            continue
        if total >= Decimal(str(grade["min"])):
            return grade["code"], grade["label"]
    return ordered[-1]["code"], ordered[-1]["label"]


def score(
    findings: Iterable[tuple[ItemRule, int]],
    *,
    form_points: Decimal,
    substance_points: Decimal,
    grades: list[dict],
) -> Score:
    findings = [(rule, defects) for rule, defects in findings if defects > 0]
    points = {rule.id: item_points(rule, defects) for rule, defects in findings}
    worst = sorted(grades, key=lambda g: Decimal(str(g["min"])))[0]
    if any(rule.section == Section.VETO for rule, _ in findings):
        return Score(True, ZERO, ZERO, ZERO, worst["code"], worst["label"], points)
    lost = {Section.FORM: ZERO, Section.SUBSTANCE: ZERO}
    for rule, _ in findings:
        lost[rule.section] += points[rule.id]
    form = max(ZERO, form_points - lost[Section.FORM])
    substance = max(ZERO, substance_points - lost[Section.SUBSTANCE])
    total = form + substance
    capped = any(rule.caps_grade for rule, _ in findings)
    code, label = grade_for(total, grades, capped)
    return Score(False, form, substance, total, code, label, points)


def check_grades(grades) -> list[str]:
    """Problems with a grade list (for the admin and services): Chinese messages, empty when fine."""
    problems = []
    if not isinstance(grades, list) or not grades:
        return ["等次划分应为非空列表"]
    mins = []
    for grade in grades:
        if not isinstance(grade, dict) or not {"code", "label", "min"} <= set(grade):
            return ["每个等次须包含 code、label、min"]
        try:
            mins.append(Decimal(str(grade["min"])))
        except ArithmeticError:
            problems.append(f"等次“{grade['label']}”的分数线不是数字")
    if mins and min(mins) != 0:
        problems.append("最低等次的分数线应为 0")
    if len(set(mins)) != len(mins):
        problems.append("各等次分数线不得相同")
    return problems
