"""Display helpers for case pages: deadline lights, step names, penalties and rule summaries."""

from __future__ import annotations

from django import template

from sanxiang.cases import procedure
from sanxiang.cases.choices import CaseState, PenaltyKind
from sanxiang.cases.deadlines import DeadlineStatus

register = template.Library()

# History rows written by services outside the transition table.
EXTRA_STEPS = {"register": "线索登记", "assign_officers": "调整承办人员"}

# What each rule cited in the transition table requires, for the people who must obey it.
RULES = {
    "CASE-01": "调查取证须由两名以上在当日持有效行政执法证件的执法人员进行（行政处罚法第四十二条）",
    "CASE-02": "当场处罚须出示执法证件并记录在案（行政处罚法第五十二条、第五十五条）",
    "CASE-03": "违法行为二年内未被发现的不再给予行政处罚；涉及公民生命健康安全、金融安全且有危害后果的为五年（行政处罚法第三十六条）",
    "CASE-04": "线索应在 15 个工作日内作出立案或不予立案决定",
    "CASE-05": "立案后 90 日内作出处理决定，经批准可延长一次；中止期间不计入（行政处罚法第六十条）",
    "CASE-07": "作出决定前须送达告知书，陈述申辩期届满或当事人放弃后方可决定（行政处罚法第四十四条、第六十二条）",
    "CASE-08": "不得因当事人陈述申辩而给予更重的处罚（行政处罚法第四十五条）",
    "CASE-09": "听证：5 个工作日内申请，举行前 7 个工作日通知，主持人非本案调查人员（行政处罚法第六十三、六十四条）",
    "CASE-11": "决定书应在 7 个工作日内送达（行政处罚法第六十一条）",
    "CASE-12": "决定书须载明当事人、事实证据、处罚种类和依据、履行方式和期限、救济途径和期限、机关名称、日期并加盖印章（行政处罚法第五十九条）",
    "CASE-13": "当场处罚限警告或对公民 200 元以下、对法人或其他组织 3000 元以下罚款；当场收缴限 100 元以下（行政处罚法第五十一条、第六十八条）",
    "CASE-14": "逾期不缴纳罚款的，每日按罚款数额的 3% 加处罚款，不超过罚款数额（行政处罚法第七十二条）",
    "REV-01": "重大执法决定未经法制审核或审核未通过的，不得作出决定（行政处罚法第五十八条）",
}


@register.filter
def step_label(name: str) -> str:
    transition = procedure.BY_NAME.get(name)
    return transition.label if transition else EXTRA_STEPS.get(name, name)


@register.filter
def state_label(code: str) -> str:
    return CaseState(code).label if code in CaseState.values else code


@register.filter
def rule_text(rule_id: str) -> str:
    return RULES.get(rule_id, "")


@register.filter
def penalties(items) -> str:
    """[{"kind": "fine", "amount": "500.00"}, ...] as “罚款 500.00 元、警告”."""
    parts = []
    for item in items or []:
        label = (
            PenaltyKind(item["kind"]).label
            if item.get("kind") in PenaltyKind.values
            else item.get("kind", "")
        )
        parts.append(f"{label} {item['amount']} 元" if item.get("amount") else label)
    return "、".join(parts)


@register.inclusion_tag("cases/_deadline.html")
def deadline(status: DeadlineStatus | None, detailed: bool = False) -> dict:
    """A traffic light with the due date and what is left: 剩余 N 个工作日 / 超期 N 日."""
    if status is None:
        return {"status": None}
    if status.days_left < 0:
        left = f"超期 {-status.days_left} 日"
    elif status.days_left == 0:
        left = "今日届满"
    else:
        left = f"剩余 {status.workdays_left} 个工作日"
    return {"status": status, "left": left, "detailed": detailed}
