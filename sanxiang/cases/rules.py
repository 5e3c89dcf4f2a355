"""The statutory rules a case must satisfy, each cited by its id in regulations.md.

Functions here are pure: they take a case (and inputs) and return Chinese messages describing
what is wrong; an empty list means the rule is satisfied. The procedure table wires them to
transitions as guards.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from sanxiang.workdays.selectors import add_calendar_days, add_months, add_workdays, is_statutory_holiday

from .choices import AMOUNT_PENALTIES, HEARING_KINDS, PENALTY_SEVERITY, PenaltyKind, Procedure
from .models import Case, ProcedureRules

# CASE-13 / APL Art. 51: on-the-spot limits.
ON_SPOT_LIMIT_PERSON = Decimal("200")
ON_SPOT_LIMIT_ORG = Decimal("3000")
SURCHARGE_RATE = Decimal("0.03")  # CASE-14 / APL Art. 72: 3 % per day
PAYMENT_PERIOD_DAYS = 15  # APL Art. 67
HEARING_REQUEST_WORKDAYS = 5  # APL Art. 64(1) + Art. 85
HEARING_NOTICE_WORKDAYS = 7  # APL Art. 64(2) + Art. 85
SERVICE_WORKDAYS = 7  # CASE-11 / APL Art. 61 + Art. 85


def rules_for(case: Case) -> ProcedureRules:
    try:
        return case.body.procedure_rules
    except ProcedureRules.DoesNotExist:
        return ProcedureRules(body=case.body)


def _add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def competent_officers(case: Case, day: datetime.date) -> list:
    return [
        a.officer for a in case.assignments.select_related("officer") if a.officer.valid_credential_on(day)
    ]


def check_officers(case: Case, day: datetime.date) -> list[str]:
    """CASE-01 / CRED-01: at least two assigned officers with a valid credential on `day` (one on the spot)."""
    needed = 1 if case.procedure == Procedure.SIMPLIFIED else 2
    competent = competent_officers(case, day)
    if len(competent) < needed:
        return [
            f"CASE-01：须有至少 {needed} 名在 {day:%Y-%m-%d} 持有有效行政执法证件的承办人员，"
            f"目前符合条件的只有 {len(competent)} 名"
        ]
    return []


def limitation_end(case: Case) -> datetime.date:
    years = 5 if (case.endangers_life_health_or_finance and case.harm_caused) else 2
    return _add_years(case.violation_ended_on, years)


def check_limitation(case: Case) -> list[str]:
    """CASE-03 / APL Art. 36: discovered within 2 years (5 with life/health/finance harm)."""
    end = limitation_end(case)
    if case.discovered_on > end:
        years = 5 if (case.endangers_life_health_or_finance and case.harm_caused) else 2
        return [
            f"CASE-03：违法行为终了于 {case.violation_ended_on:%Y-%m-%d}，至 {case.discovered_on:%Y-%m-%d} "
            f"发现已超过 {years} 年追责时效，不再给予行政处罚"
        ]
    return []


def severity(kind: str) -> int:
    return PENALTY_SEVERITY.index(kind) if kind in PENALTY_SEVERITY else 0


def heaviest(penalties: list[dict]) -> str:
    kinds = [p["kind"] for p in penalties]
    return max(kinds, key=severity) if kinds else ""


def amounts(penalties: list[dict]) -> dict[str, Decimal]:
    return {p["kind"]: Decimal(p["amount"] or "0") for p in penalties if p["kind"] in AMOUNT_PENALTIES}


def check_not_heavier(proposed: list[dict], final: list[dict]) -> list[str]:
    """CASE-08 / APL Art. 45: no heavier penalty than notified (e.g. after the party's defence)."""
    problems = []
    proposed_amounts, final_amounts = amounts(proposed), amounts(final)
    for kind, amount in final_amounts.items():
        if kind in proposed_amounts and amount > proposed_amounts[kind]:
            problems.append(
                f"CASE-08：{PenaltyKind(kind).label}金额 {amount} 元高于告知的 {proposed_amounts[kind]} 元"
            )
    proposed_kinds = {p["kind"] for p in proposed}
    top = max((severity(k) for k in proposed_kinds), default=-1)
    for item in final:
        if item["kind"] not in proposed_kinds and severity(item["kind"]) >= top:
            problems.append(f"CASE-08：告知书未载明的“{PenaltyKind(item['kind']).label}”不得在决定中增加")
    return problems


def hearing_right(case: Case, penalties: list[dict], rules: ProcedureRules) -> bool:
    """CASE-09 / APL Art. 63: which proposed penalties give the party the right to a hearing."""
    natural = any(p.is_natural_person for p in case.parties.all())
    threshold = rules.hearing_fine_threshold_person if natural else rules.hearing_fine_threshold_org
    for item in penalties:
        if item["kind"] in HEARING_KINDS:
            return True
        if item["kind"] in AMOUNT_PENALTIES and Decimal(item["amount"] or "0") >= threshold:
            return True
    return False


def statement_period_end(case: Case) -> datetime.date:
    return add_workdays(case.notice_served_on, rules_for(case).statement_period_workdays).date


def hearing_request_end(case: Case) -> datetime.date:
    return add_workdays(case.notice_served_on, HEARING_REQUEST_WORKDAYS).date


def check_ready_for_decision(case: Case, day: datetime.date) -> list[str]:
    """CASE-07 / APL Arts. 44, 62 (+ CASE-09): notice served, statement period over or waived, hearing done."""
    if not case.notice_served_on:
        return ["CASE-07：未送达行政处罚告知书，不得作出处罚决定"]
    problems = []
    period_over = day > statement_period_end(case)
    if not (case.statement_waived_on or case.statement_received_on or period_over):
        problems.append(
            f"CASE-07：陈述申辩期至 {statement_period_end(case):%Y-%m-%d} 届满，当事人未放弃陈述申辩，不得提前作出决定"
        )
    if case.hearing_requested_on and not case.hearing_withdrawn_on and not case.hearing_held_on:
        problems.append("CASE-09：当事人已申请听证，听证尚未举行")
    if (
        case.hearing_right
        and not case.hearing_requested_on
        and not case.statement_waived_on
        and day <= hearing_request_end(case)
    ):
        problems.append(
            f"CASE-09：听证申请期至 {hearing_request_end(case):%Y-%m-%d} 届满，期间内不得作出决定"
        )
    return problems


def check_hearing_request(case: Case, day: datetime.date) -> list[str]:
    if not case.hearing_right:
        return ["CASE-09：拟作出的处罚不属于听证范围，当事人不享有听证权利"]
    if day > hearing_request_end(case):
        return [f"CASE-09：听证申请期已于 {hearing_request_end(case):%Y-%m-%d} 届满（告知后 5 个工作日）"]
    return []


def check_hearing_schedule(
    case: Case, notified_on: datetime.date, hearing_date: datetime.date, host
) -> list[str]:
    """CASE-09 / APL Art. 64: notice 7 WD ahead; the host is not an investigator of the case."""
    problems = []
    earliest = add_workdays(notified_on, HEARING_NOTICE_WORKDAYS).date
    if hearing_date < earliest:
        problems.append(f"CASE-09：听证应在通知送达后第 7 个工作日（{earliest:%Y-%m-%d}）或之后举行")
    if host is None:
        problems.append("须指定听证主持人")
    elif case.assignments.filter(officer=host).exists():
        problems.append("CASE-09：听证主持人不得由本案调查人员担任（APL 第六十四条）")
    elif host.body_id != case.body_id:
        problems.append("听证主持人须为本机关工作人员")
    return problems


REMEDY_MARKERS = (("六十日", "60日"), ("六个月", "6个月"))


def decision_remedies(reconsideration_organ: str, court: str) -> str:
    return (
        f"如不服本决定，可以在收到本决定书之日起六十日内向{reconsideration_organ}申请行政复议，"
        f"或者在六个月内依法向{court}提起行政诉讼。"
    )


def check_decision_elements(case: Case, elements: dict) -> list[str]:
    """CASE-12 / APL Art. 59: the decision document carries every required element."""
    required = {
        "party": "当事人的姓名或者名称、地址",
        "facts": "违反法律、法规、规章的事实",
        "evidence": "证据",
        "penalty": "行政处罚的种类",
        "basis": "行政处罚的依据",
        "performance": "行政处罚的履行方式和期限",
        "remedies": "申请行政复议、提起行政诉讼的途径和期限",
        "agency": "作出决定的行政机关名称",
        "date": "作出决定的日期",
        "seal": "行政机关印章",
    }
    if elements.get("decision_kind") == "no_penalty":
        required.pop("performance")
        required.pop("penalty")
    missing = [label for key, label in required.items() if not elements.get(key)]
    problems = [f"CASE-12：决定书缺少“{label}”" for label in missing]
    remedies = elements.get("remedies") or ""
    if remedies and not all(any(m in remedies for m in pair) for pair in REMEDY_MARKERS):
        problems.append("CASE-12：救济途径须载明六十日复议期限和六个月诉讼期限")
    return problems


def check_on_spot_limits(case: Case, penalties: list[dict]) -> list[str]:
    """CASE-13 / APL Art. 51: only a warning or a fine of ≤200 yuan (person) / ≤3,000 yuan (organisation)."""
    problems = []
    kinds = {p["kind"] for p in penalties}
    if kinds - {PenaltyKind.WARNING, PenaltyKind.FINE}:
        problems.append("CASE-13：当场处罚只能给予警告或者罚款")
    natural = all(p.is_natural_person for p in case.parties.all())
    limit = ON_SPOT_LIMIT_PERSON if natural else ON_SPOT_LIMIT_ORG
    fine = amounts(penalties).get(PenaltyKind.FINE, Decimal("0"))
    if fine > limit:
        who = "公民" if natural else "法人或者其他组织"
        problems.append(f"CASE-13：对{who}当场罚款不得超过 {limit} 元，拟罚 {fine} 元应适用普通程序")
    return problems


def payment_due(served_on: datetime.date) -> datetime.date:
    """APL Art. 67: fines are paid within 15 days of receiving the decision."""
    return add_calendar_days(served_on, PAYMENT_PERIOD_DAYS).date


def surcharge(fine: Decimal, served_on: datetime.date, paid_on: datetime.date) -> Decimal:
    """CASE-14 / APL Art. 72: 3 % of the fine per day late, never more than the fine itself."""
    late_days = (paid_on - payment_due(served_on)).days
    if late_days <= 0 or fine <= 0:
        return Decimal("0.00")
    return min(fine, (fine * SURCHARGE_RATE * late_days).quantize(Decimal("0.01")))


PRESERVATION_WORKDAYS = 7  # CASE-06 / APL Art. 56 + Art. 85
MEASURE_DAYS = 30  # CASE-15 / ACL Art. 25: 30 days, extendable once by 30


def check_demolition(case: Case, public_notice_on: datetime.date, day: datetime.date) -> list[str]:
    """ACL Arts. 43-44 (CASE-17): notice first, never before the review and litigation periods
    lapse (6 months after service), never on a statutory holiday."""
    problems = []
    if not case.served_on:
        return ["决定书尚未送达，不得强制拆除"]
    if public_notice_on > day or public_notice_on < case.decided_on:
        problems.append("限期自行拆除公告日期须在决定之后、拆除之前")
    lapse = add_months(case.served_on, 6).date
    if day <= lapse:
        problems.append(f"ACL 第四十四条：复议、诉讼期限届满（{lapse:%Y-%m-%d}）前不得强制拆除")
    if is_statutory_holiday(day):
        problems.append("CASE-17：不得在法定节假日实施强制执行")
    return problems
