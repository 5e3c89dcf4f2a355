"""The figures of the annual report: one catalogue of lines, and the queries that fill the automatic ones.

Every line has a stable code, a section, a Chinese label and a definition; docs/annual-report.md
lists the same definitions as queries. Lines the platform cannot compute (no permit procedure,
inspections without a case, reconsideration and litigation cases that did not change the decision)
are `manual`: staff enter them on the draft and every output marks them 手工填报.
STAT-03: every line is always present; an empty category is 0, never blank.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Sum

from sanxiang.cases.choices import DecisionKind, OutcomeSource, PenaltyKind
from sanxiang.cases.models import Case, CaseEvent
from sanxiang.cases.rules import amounts, heaviest
from sanxiang.documents.choices import DocumentKind, DocumentStatus
from sanxiang.documents.models import Document
from sanxiang.review.choices import Opinion, SubmissionStatus
from sanxiang.review.models import Submission

from .choices import CATEGORY_OF_KIND, PenaltyCategory

COUNT, AMOUNT = "count", "amount"


@dataclass(frozen=True)
class Section:
    code: str
    title: str


@dataclass(frozen=True)
class Line:
    code: str
    section: str
    label: str
    unit: str
    definition: str
    manual: bool = False
    kind: str = COUNT  # COUNT (int) or AMOUNT (yuan, two decimals, stored as text)


SECTIONS: tuple[Section, ...] = (
    Section("permits", "一、行政许可"),
    Section("penalties", "二、行政处罚（按最重处罚种类统计，每件决定只计一次）"),
    Section("coercion", "三、行政强制"),
    Section("inspections", "四、行政检查"),
    Section("amounts", "五、罚没金额"),
    Section("hearings", "六、听证"),
    Section("reviews", "七、重大执法决定法制审核"),
    Section("remedies", "八、行政复议与行政诉讼"),
)

_CATEGORY_DEFINITION = "当年作出的行政处罚决定中，最重处罚种类属于本栏的件数（STAT-02）"

LINES: tuple[Line, ...] = (
    Line(
        "permit_applications",
        "permits",
        "受理行政许可申请",
        "件",
        "本年度受理的行政许可申请件数",
        manual=True,
    ),
    Line("permit_granted", "permits", "准予行政许可", "件", "本年度作出准予许可决定的件数", manual=True),
    Line("permit_refused", "permits", "不予行政许可", "件", "本年度作出不予许可决定的件数", manual=True),
    Line(
        "penalty_decisions",
        "penalties",
        "作出行政处罚决定",
        "件",
        "决定日期在本年度的行政处罚决定件数，按作出时的内容统计（含后来被变更、撤销的）",
    ),
    *(
        Line(f"penalty_{c.value}", "penalties", f"其中：{c.label}", "件", _CATEGORY_DEFINITION)
        for c in PenaltyCategory
    ),
    Line(
        "penalty_on_the_spot",
        "penalties",
        "其中适用简易程序（当场处罚）",
        "件",
        "上述决定中适用简易程序当场作出的件数",
    ),
    Line(
        "no_penalty_decisions",
        "penalties",
        "不予行政处罚决定",
        "件",
        "决定日期在本年度的不予行政处罚决定件数",
    ),
    Line("transferred", "penalties", "移送司法机关", "件", "本年度移送司法机关的案件数"),
    Line("measure_seal", "coercion", "查封场所、设施或者财物", "次", "本年度实施查封的次数"),
    Line("measure_seize", "coercion", "扣押财物", "次", "本年度实施扣押的次数"),
    Line("measure_extended", "coercion", "延长查封、扣押期限", "次", "本年度批准延长查封、扣押期限的次数"),
    Line("demolition", "coercion", "强制拆除", "次", "本年度实施强制拆除的次数"),
    Line(
        "court_enforcement",
        "coercion",
        "申请人民法院强制执行",
        "件",
        "本年度申请人民法院强制执行的件数",
        manual=True,
    ),
    Line(
        "inspection_records",
        "inspections",
        "办案现场检查",
        "次",
        "本年度制作的现场检查笔录份数（被更正的不计）",
    ),
    Line(
        "inspections_without_case",
        "inspections",
        "日常检查（未立案）",
        "次",
        "本年度未进入办案程序的日常检查、双随机抽查次数",
        manual=True,
    ),
    Line(
        "fine_total",
        "amounts",
        "罚款金额",
        "元",
        "本年度作出的行政处罚决定的罚款金额合计（按作出时的金额）",
        kind=AMOUNT,
    ),
    Line(
        "confiscation_total",
        "amounts",
        "没收违法所得、非法财物金额",
        "元",
        "本年度作出的行政处罚决定的没收金额合计（按作出时的金额）",
        kind=AMOUNT,
    ),
    Line(
        "collected_total",
        "amounts",
        "实际缴纳罚款（含加处罚款）",
        "元",
        "履行日期在本年度的缴纳金额合计",
        kind=AMOUNT,
    ),
    Line("hearing_requested", "hearings", "当事人申请听证", "件", "本年度当事人申请听证的次数"),
    Line("hearing_held", "hearings", "举行听证", "件", "本年度举行听证的次数"),
    Line("hearing_withdrawn", "hearings", "撤回听证申请", "件", "本年度当事人撤回听证申请的次数"),
    Line("reviews_done", "reviews", "出具法制审核意见", "件", "本年度出具审核意见的送审轮次"),
    Line("review_approved", "reviews", "其中：同意", "件", "审核意见为“同意”的轮次"),
    Line("review_corrected", "reviews", "其中：需补正", "件", "审核意见为“需补正”的轮次"),
    Line("review_disapproved", "reviews", "其中：不同意", "件", "审核意见为“不同意”的轮次"),
    Line("review_returned", "reviews", "材料不全退回", "件", "本年度因送审材料不全退回的轮次"),
    Line(
        "reconsideration_received",
        "remedies",
        "被申请行政复议",
        "件",
        "本年度被申请行政复议的件数",
        manual=True,
    ),
    Line("reconsideration_upheld", "remedies", "复议维持", "件", "本年度复议机关决定维持的件数", manual=True),
    Line("reconsideration_changed", "remedies", "复议变更", "件", "本年度因行政复议变更处罚决定的件数"),
    Line(
        "reconsideration_revoked",
        "remedies",
        "复议撤销或确认违法",
        "件",
        "本年度因行政复议撤销或确认违法的件数",
    ),
    Line(
        "reconsideration_other",
        "remedies",
        "复议其他结果（驳回、终止等）",
        "件",
        "本年度复议以其他方式审结的件数",
        manual=True,
    ),
    Line(
        "litigation_received", "remedies", "被提起行政诉讼", "件", "本年度被提起行政诉讼的件数", manual=True
    ),
    Line(
        "litigation_upheld",
        "remedies",
        "诉讼驳回诉讼请求或维持",
        "件",
        "本年度判决驳回原告诉讼请求的件数",
        manual=True,
    ),
    Line("litigation_changed", "remedies", "诉讼判决变更", "件", "本年度因行政诉讼变更处罚决定的件数"),
    Line(
        "litigation_revoked", "remedies", "诉讼撤销或确认违法", "件", "本年度因行政诉讼撤销或确认违法的件数"
    ),
    Line(
        "litigation_other",
        "remedies",
        "诉讼其他结果（撤诉、调解等）",
        "件",
        "本年度诉讼以其他方式审结的件数",
        manual=True,
    ),
    Line("self_corrected", "remedies", "自行纠正（变更或撤销）", "件", "本年度执法主体自行纠正的决定件数"),
    Line(
        "supervision_corrected",
        "remedies",
        "经执法监督纠正（变更或撤销）",
        "件",
        "本年度经执法监督纠正的决定件数",
    ),
)

BY_CODE: dict[str, Line] = {line.code: line for line in LINES}
MANUAL_CODES: tuple[str, ...] = tuple(line.code for line in LINES if line.manual)
AUTO_CODES: tuple[str, ...] = tuple(line.code for line in LINES if not line.manual)
CATEGORY_CODES: tuple[str, ...] = tuple(f"penalty_{c.value}" for c in PenaltyCategory)


DECISION_STEPS = ("decide", "decide_on_the_spot")
CORRECTION_LINE = {
    OutcomeSource.SELF_CORRECTION: "self_corrected",
    OutcomeSource.SUPERVISION: "supervision_corrected",
}


def year_range(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def category_of(penalties: list[dict]) -> str:
    """STAT-02: the report column of a decision, from its heaviest penalty kind."""
    kinds = [p for p in penalties if p.get("kind") in PenaltyKind.values]
    return CATEGORY_OF_KIND[heaviest(kinds)] if kinds else PenaltyCategory.OTHER


def _money(value) -> str:
    return str((value or Decimal("0")).quantize(Decimal("0.01")))


def compute(body_ids: list[int] | None, year: int) -> dict[str, int | str]:
    """Every automatic line for the bodies (None = every body in the city), for a calendar year."""
    start, end = year_range(year)
    cases = Case.objects.all() if body_ids is None else Case.objects.filter(body_id__in=body_ids)
    figures: dict[str, int | str] = dict.fromkeys(AUTO_CODES, 0)

    events = CaseEvent.objects.filter(case__in=cases.values("pk"), effective_on__range=(start, end))
    # Decisions as made (the decide step's own record), so a later change or revocation, reported
    # under remedies, never rewrites a closed year's figures.
    columns: Counter = Counter()
    fines = confiscations = Decimal("0")
    decisions = events.filter(transition__in=DECISION_STEPS).values_list("transition", "data")
    for transition, data in decisions:
        if transition == "decide" and data.get("decision_kind") != DecisionKind.PENALTY:
            figures["no_penalty_decisions"] += 1
            continue
        penalties = data.get("penalties") or []
        columns[category_of(penalties)] += 1
        found = amounts(penalties)
        fines += found.pop(PenaltyKind.FINE, Decimal("0"))
        confiscations += sum(found.values(), Decimal("0"))
        figures["penalty_on_the_spot"] += transition == "decide_on_the_spot"
    for category in PenaltyCategory:
        figures[f"penalty_{category.value}"] = columns[category]
    figures["penalty_decisions"] = sum(columns.values())
    figures["fine_total"] = _money(fines)
    figures["confiscation_total"] = _money(confiscations)
    paid = cases.filter(paid_on__range=(start, end)).aggregate(total=Sum("paid_amount"))
    figures["collected_total"] = _money(paid["total"])

    steps = dict(events.order_by().values_list("transition").annotate(n=Count("id")))
    for code, transition in (
        ("transferred", "transfer"),
        ("measure_extended", "extend_measure"),
        ("demolition", "demolish"),
        ("hearing_requested", "request_hearing"),
        ("hearing_held", "record_hearing"),
        ("hearing_withdrawn", "withdraw_hearing"),
    ):
        figures[code] = steps.get(transition, 0)
    for data in events.filter(transition="take_measure").values_list("data", flat=True):
        code = f"measure_{data.get('measure_kind')}"
        if code in figures:
            figures[code] += 1
    outcome_line = {
        (OutcomeSource.RECONSIDERATION, "change_decision"): "reconsideration_changed",
        (OutcomeSource.RECONSIDERATION, "revoke_decision"): "reconsideration_revoked",
        (OutcomeSource.LITIGATION, "change_decision"): "litigation_changed",
        (OutcomeSource.LITIGATION, "revoke_decision"): "litigation_revoked",
    }
    outcomes = events.filter(transition__in=("change_decision", "revoke_decision"))
    for transition, data in outcomes.values_list("transition", "data"):
        source = data.get("source")
        code = outcome_line.get((source, transition))
        if code is None:
            code = CORRECTION_LINE.get(source)
        if code:
            figures[code] += 1

    figures["inspection_records"] = Document.objects.filter(
        case__in=cases.values("pk"),
        kind=DocumentKind.INSPECTION_RECORD,
        status=DocumentStatus.ISSUED,
        issued_on__range=(start, end),
    ).count()

    rounds = Submission.objects.filter(case__in=cases.values("pk"))
    opinions = dict(
        rounds.filter(status=SubmissionStatus.DONE, opinion_on__range=(start, end))
        .order_by()
        .values_list("opinion")
        .annotate(n=Count("id"))
    )
    figures["review_approved"] = opinions.get(Opinion.APPROVE, 0)
    figures["review_corrected"] = opinions.get(Opinion.CORRECT, 0)
    figures["review_disapproved"] = opinions.get(Opinion.DISAPPROVE, 0)
    figures["reviews_done"] = sum(opinions.values())
    figures["review_returned"] = rounds.filter(
        status=SubmissionStatus.RETURNED, returned_on__range=(start, end)
    ).count()
    return figures
