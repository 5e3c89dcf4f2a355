"""Guards and effects of each transition; procedure.py wires them into the table.

A guard returns Chinese messages (empty = allowed). An effect changes the locked case and its
deadlines; it runs inside the transition's transaction, after every guard passed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sanxiang.orgs.models import Officer
from sanxiang.orgs.services import next_number

from . import deadlines, rules
from .choices import AMOUNT_PENALTIES, CaseState, DeadlineKind, DecisionKind, PenaltyKind, ServiceMethod
from .models import Case


@dataclass
class Step:
    """What a guard or effect sees: the locked case, who acts, the validated input, the business date."""

    case: Case
    actor: Any
    data: dict
    penalties: list[dict] = field(default_factory=list)
    extra: dict = field(default_factory=dict)

    @property
    def day(self):
        return self.data["date"]


def _set_penalties(case: Case, penalties: list[dict]) -> None:
    case.final_penalties = penalties
    found = rules.amounts(penalties)
    case.fine_amount = found.get(PenaltyKind.FINE, Decimal("0"))
    case.confiscation_amount = sum(
        (v for k, v in found.items() if k in AMOUNT_PENALTIES and k != PenaltyKind.FINE), Decimal("0")
    )
    case.heaviest_penalty = rules.heaviest(penalties)


def _number(case: Case, kind: str, mark: str, day) -> str:
    serial = next_number(case.body, kind, day.year)
    return f"{case.body.short_name}{mark}〔{day.year}〕{serial}号"


# --- filing -----------------------------------------------------------------------------------


def guard_file(step: Step) -> list[str]:
    if step.day < step.case.registered_on:
        return ["立案日期不得早于线索登记日期"]
    return rules.check_limitation(step.case) + rules.check_officers(step.case, step.day)


def effect_file(step: Step) -> None:
    case = step.case
    case.filed_on = step.day
    case.number = _number(case, "case", "立", step.day)
    deadlines.meet(case, [DeadlineKind.FILING], step.day)
    deadlines.start(case, DeadlineKind.DECISION, step.day, rules.rules_for(case).decision_period_days)


def effect_decline(step: Step) -> None:
    deadlines.meet_all(step.case, step.day)


# --- investigation and review -----------------------------------------------------------------


def guard_submit(step: Step) -> list[str]:
    return rules.check_officers(step.case, step.day)


def effect_submit(step: Step) -> None:
    case, data = step.case, step.data
    case.investigation_summary = data["investigation_summary"]
    case.legal_provisions = data["legal_provisions"]
    case.penalty_basis = data.get("penalty_basis") or case.penalty_basis
    case.proposed_penalties = step.penalties if data["proposal"] == "penalty" else []
    case.decision_kind = DecisionKind.NO_PENALTY if data["proposal"] == "no_penalty" else ""
    step.extra["proposal"] = data["proposal"]


def effect_notice(step: Step) -> None:
    case = step.case
    case.notice_served_on = step.day
    case.statement_waived_on = case.statement_received_on = None
    case.hearing_requested_on = case.hearing_held_on = case.hearing_withdrawn_on = None
    case.hearing_right = rules.hearing_right(case, case.proposed_penalties, rules.rules_for(case))
    deadlines.start(case, DeadlineKind.STATEMENT, step.day, rules.rules_for(case).statement_period_workdays)
    if case.hearing_right:
        deadlines.start(case, DeadlineKind.HEARING_REQUEST, step.day, rules.HEARING_REQUEST_WORKDAYS)


def guard_notice_date(step: Step) -> list[str]:
    if step.case.notice_served_on and step.day < step.case.notice_served_on:
        return ["日期不得早于告知书送达日期"]
    return []


def effect_waive(step: Step) -> None:
    step.case.statement_waived_on = step.day
    deadlines.meet(step.case, [DeadlineKind.STATEMENT, DeadlineKind.HEARING_REQUEST], step.day)


def effect_statement(step: Step) -> None:
    step.case.statement_received_on = step.day
    step.case.statement_summary = step.data["statement_summary"]
    deadlines.meet(step.case, [DeadlineKind.STATEMENT], step.day)


# --- hearing ----------------------------------------------------------------------------------


def guard_request_hearing(step: Step) -> list[str]:
    return guard_notice_date(step) or rules.check_hearing_request(step.case, step.day)


def effect_request_hearing(step: Step) -> None:
    step.case.hearing_requested_on = step.day
    deadlines.meet(step.case, [DeadlineKind.HEARING_REQUEST], step.day)


def _host(step: Step) -> Officer | None:
    return Officer.objects.filter(pk=step.data["host"], body=step.case.body, is_active=True).first()


def guard_schedule_hearing(step: Step) -> list[str]:
    return rules.check_hearing_schedule(step.case, step.day, step.data["hearing_date"], _host(step))


def effect_schedule_hearing(step: Step) -> None:
    case = step.case
    case.hearing_notified_on = step.day
    case.hearing_date = step.data["hearing_date"]
    case.hearing_host = _host(step)


def guard_record_hearing(step: Step) -> list[str]:
    case = step.case
    if not case.hearing_date:
        return ["尚未安排听证"]
    if step.day < case.hearing_date:
        return [f"听证定于 {case.hearing_date:%Y-%m-%d} 举行，不得提前记录"]
    return []


def effect_record_hearing(step: Step) -> None:
    step.case.hearing_held_on = step.day


def effect_withdraw_hearing(step: Step) -> None:
    step.case.hearing_withdrawn_on = step.day


# --- decision ---------------------------------------------------------------------------------


def decision_elements(step: Step) -> dict:
    case, data = step.case, step.data
    parties = "；".join(f"{p.name}（{p.address}）" for p in case.parties.all())
    return {
        "decision_kind": data["decision_kind"],
        "party": parties,
        "facts": case.facts,
        "evidence": data.get("evidence", ""),
        "penalty": "、".join(PenaltyKind(p["kind"]).label for p in step.penalties),
        "basis": data.get("penalty_basis", ""),
        "performance": data.get("performance", ""),
        "remedies": rules.decision_remedies(data.get("reconsideration_organ", ""), data.get("court", "")),
        "agency": case.body.name,
        "date": step.day.isoformat(),
        "seal": bool(data.get("sealed")),
    }


def guard_decide(step: Step) -> list[str]:
    case = step.case
    problems = rules.check_officers(case, step.day)
    problems += rules.check_ready_for_decision(case, step.day)
    if step.data["decision_kind"] == DecisionKind.PENALTY:
        problems += rules.check_not_heavier(case.proposed_penalties, step.penalties)
    problems += rules.check_decision_elements(case, decision_elements(step))
    return problems


def effect_decide(step: Step) -> None:
    case = step.case
    case.decision_kind = step.data["decision_kind"]
    case.decided_on = step.day
    case.penalty_basis = step.data["penalty_basis"]
    case.decision_elements = decision_elements(step)
    _set_penalties(case, step.penalties if case.decision_kind == DecisionKind.PENALTY else [])
    mark = "罚" if case.decision_kind == DecisionKind.PENALTY else "不罚"
    case.decision_number = _number(case, f"decision_{case.decision_kind}", mark, step.day)
    deadlines.meet(
        case, [DeadlineKind.DECISION, DeadlineKind.STATEMENT, DeadlineKind.HEARING_REQUEST], step.day
    )
    deadlines.start(case, DeadlineKind.SERVICE, step.day, rules.SERVICE_WORKDAYS)


def effect_transfer(step: Step) -> None:
    step.case.transferred_to = step.data["transferred_to"]
    deadlines.meet_all(step.case, step.day)


def guard_on_spot(step: Step) -> list[str]:
    problems = rules.check_officers(step.case, step.day) + rules.check_on_spot_limits(
        step.case, step.penalties
    )
    if not step.data.get("credential_shown"):
        problems.append("CASE-02：当场处罚须出示执法证件并在记录中注明")
    if Case.objects.filter(decision_number=step.data["form_number"]).exclude(pk=step.case.pk).exists():
        problems.append("CASE-13：该当场处罚决定书编号已被使用，预印编号不得重复")
    if step.data.get("paid_on_the_spot") and rules.amounts(step.penalties).get(PenaltyKind.FINE, 0) > 100:
        problems.append("CASE-13：当场收缴罚款仅限 100 元以下（APL 第六十八条）")
    return problems


def effect_on_spot(step: Step) -> None:
    case, data = step.case, step.data
    case.decision_kind = DecisionKind.PENALTY
    case.decided_on = case.served_on = step.day
    case.service_method = ServiceMethod.ON_THE_SPOT
    case.on_spot_form_number = data["form_number"]
    case.penalty_basis = data["penalty_basis"]
    case.decision_number = data["form_number"]
    _set_penalties(case, step.penalties)
    deadlines.meet_all(case, step.day)
    if data.get("paid_on_the_spot"):
        case.paid_on, case.paid_amount = step.day, case.fine_amount
        step.extra["target"] = CaseState.EXECUTED
    elif case.fine_amount > 0:
        deadlines.start(case, DeadlineKind.PAYMENT, step.day, rules.PAYMENT_PERIOD_DAYS)


# --- service, execution, closing --------------------------------------------------------------


def guard_serve(step: Step) -> list[str]:
    if step.day < step.case.decided_on:
        return ["送达日期不得早于决定日期"]
    return []


def effect_serve(step: Step) -> None:
    case = step.case
    case.served_on = step.day
    case.service_method = step.data["service_method"]
    deadlines.meet(case, [DeadlineKind.SERVICE], step.day)
    if case.fine_amount > 0:
        deadlines.start(case, DeadlineKind.PAYMENT, step.day, rules.PAYMENT_PERIOD_DAYS)


def guard_execute(step: Step) -> list[str]:
    case = step.case
    if step.day < (case.served_on or case.decided_on):
        return ["履行日期不得早于送达日期"]
    if case.fine_amount > 0:
        due = case.fine_amount + rules.surcharge(case.fine_amount, case.served_on, step.day)
        paid = step.data.get("paid_amount")
        if paid is None or paid < due:
            return [f"CASE-14：应缴罚款及加处罚款合计 {due} 元，登记的缴纳金额不足"]
    return []


def effect_execute(step: Step) -> None:
    case = step.case
    case.paid_on = step.day
    if case.fine_amount > 0:
        case.surcharge_amount = rules.surcharge(case.fine_amount, case.served_on, step.day)
        case.paid_amount = step.data.get("paid_amount")
    deadlines.meet(case, [DeadlineKind.PAYMENT], step.day)


def guard_close(step: Step) -> list[str]:
    case = step.case
    if case.state == CaseState.SERVED and case.decision_kind == DecisionKind.PENALTY:
        return ["处罚决定尚未执行完毕，不得结案"]
    return []


def effect_close(step: Step) -> None:
    step.case.closed_on = step.day
    deadlines.meet_all(step.case, step.day)


def effect_archive(step: Step) -> None:
    step.case.archived_on = step.day


# --- suspension, extension, termination, later outcomes ---------------------------------------


def effect_suspend(step: Step) -> None:
    step.case.state_before_suspension = step.case.state
    deadlines.pause(step.case, DeadlineKind.DECISION, step.day)


def effect_resume(step: Step) -> None:
    step.extra["target"] = step.case.state_before_suspension
    step.case.state_before_suspension = ""
    deadlines.resume(step.case, DeadlineKind.DECISION, step.day)


def guard_extend(step: Step) -> list[str]:
    if step.case.extension_approved:
        return ["CASE-05：办案期限只能延长一次"]
    return []


def effect_extend(step: Step) -> None:
    step.case.extension_approved = True
    deadlines.extend(step.case, DeadlineKind.DECISION, rules.rules_for(step.case).decision_extension_days)


def effect_terminate(step: Step) -> None:
    deadlines.meet_all(step.case, step.day)


def effect_revoke(step: Step) -> None:
    data = step.data
    step.case.outcome_note = f"{data['source']}：{data['document']}；{data['reason']}"
    deadlines.meet_all(step.case, step.day)


def guard_change(step: Step) -> list[str]:
    if not step.penalties:
        return ["变更决定须填写变更后的处罚内容"]
    return []


def effect_change(step: Step) -> None:
    data = step.data
    step.extra["previous_penalties"] = step.case.final_penalties
    _set_penalties(step.case, step.penalties)
    step.case.outcome_note = f"{data['source']}：{data['document']}；{data['reason']}"


# --- evidence preservation, coercive measures, demolition (REC-01 gates these) ----------------


def guard_preserve(step: Step) -> list[str]:
    if step.case.deadlines.filter(kind=DeadlineKind.PRESERVATION, met_on__isnull=True).exists():
        return ["CASE-06：上一次先行登记保存的证据尚未作出处理决定"]
    return []


def effect_preserve(step: Step) -> None:
    step.case.preserved_on = step.day
    deadlines.start(step.case, DeadlineKind.PRESERVATION, step.day, rules.PRESERVATION_WORKDAYS)


def guard_handle_preserved(step: Step) -> list[str]:
    if not step.case.deadlines.filter(kind=DeadlineKind.PRESERVATION, met_on__isnull=True).exists():
        return ["没有待处理的先行登记保存证据"]
    if step.day < step.case.preserved_on:
        return ["处理日期不得早于登记保存日期"]
    return []


def effect_handle_preserved(step: Step) -> None:
    deadlines.meet(step.case, [DeadlineKind.PRESERVATION], step.day)


def _measure_active(case: Case) -> bool:
    return bool(case.measure_taken_on and not case.measure_released_on)


def guard_measure(step: Step) -> list[str]:
    if _measure_active(step.case):
        return ["已有尚未解除的查封扣押措施"]
    return []


def effect_measure(step: Step) -> None:
    case = step.case
    case.measure_kind, case.measure_taken_on = step.data["measure_kind"], step.day
    case.measure_extended, case.measure_released_on = False, None
    deadlines.start(case, DeadlineKind.COERCIVE_MEASURE, step.day, rules.MEASURE_DAYS)


def guard_extend_measure(step: Step) -> list[str]:
    if not _measure_active(step.case):
        return ["没有正在实施的查封扣押措施"]
    if step.case.measure_extended:
        return ["CASE-15：查封扣押期限只能延长一次"]
    return []


def effect_extend_measure(step: Step) -> None:
    step.case.measure_extended = True
    deadlines.extend(step.case, DeadlineKind.COERCIVE_MEASURE, rules.MEASURE_DAYS)


def guard_release_measure(step: Step) -> list[str]:
    if not _measure_active(step.case):
        return ["没有正在实施的查封扣押措施"]
    if step.day < step.case.measure_taken_on:
        return ["解除日期不得早于实施日期"]
    return []


def effect_release_measure(step: Step) -> None:
    step.case.measure_released_on = step.day
    deadlines.meet(step.case, [DeadlineKind.COERCIVE_MEASURE], step.day)


def guard_demolition(step: Step) -> list[str]:
    return rules.check_demolition(step.case, step.data["public_notice_on"], step.day)


def effect_demolition(step: Step) -> None:
    step.case.demolished_on = step.day
