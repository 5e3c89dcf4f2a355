"""The values a document shows, taken from the case at the moment of issue.

The result is plain JSON (strings, lists, dicts, booleans) stored on the Document row, so the
.docx, the PDF and any later audit all read the same frozen values.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sanxiang.cases import rules
from sanxiang.cases.choices import DeadlineKind, MeasureKind, PenaltyKind, ServiceMethod
from sanxiang.cases.models import Case, CaseEvent
from sanxiang.orgs.models import Officer

from . import kinds
from .choices import DocumentKind as K
from .money import rmb_upper

REMEDIES = (
    "如不服本决定，可以在收到本决定书之日起六十日内依法申请行政复议，"
    "或者在六个月内依法向人民法院提起行政诉讼。"
)
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass
class Inputs:
    """What a builder sees: the (locked, just changed) case, the step that issues, the input."""

    case: Case
    day: datetime.date
    actor: Any = None
    event: CaseEvent | None = None
    extra: dict = field(default_factory=dict)

    @property
    def data(self) -> dict:
        return self.event.data if self.event else {}

    @property
    def reason(self) -> str:
        return self.event.reason if self.event else ""


def cn_date(day: datetime.date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def cn_time(moment: datetime.datetime) -> str:
    return f"{cn_date(moment.date())}{moment.hour}时{moment.minute:02d}分"


def time_range(start: datetime.datetime, end: datetime.datetime) -> str:
    tail = f"{end.hour}时{end.minute:02d}分" if end.date() == start.date() else cn_time(end)
    return f"{cn_time(start)}至{tail}"


def person_name(user) -> str:
    if user is None:
        return ""
    officer = Officer.objects.filter(user=user).first()
    return officer.name if officer else (getattr(user, "display_name", "") or user.get_username())


def officer_label(officer: Officer, day: datetime.date) -> str:
    credential = officer.valid_credential_on(day)
    return f"{officer.name}（执法证号：{credential.number}）" if credential else officer.name


def penalty_text(penalties: list[dict]) -> str:
    parts = []
    for item in penalties:
        label = PenaltyKind(item["kind"]).label
        amount = item.get("amount")
        if amount not in (None, ""):
            value = Decimal(str(amount))
            parts.append(f"{label}人民币{value:,.2f}元（大写：{rmb_upper(value)}）")
        else:
            parts.append(label)
    return "；".join(parts)


def _age(id_number: str, day: datetime.date) -> str:
    try:
        born = datetime.date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
    except (ValueError, IndexError):
        return ""
    return str(day.year - born.year - ((day.month, day.day) < (born.month, born.day)))


def _party(party, day: datetime.date) -> dict:
    natural = party.is_natural_person
    return {
        "name": party.name,
        "kind": party.get_kind_display(),
        "id_label": "公民身份号码" if natural else "统一社会信用代码",
        "id_value": party.id_number if natural else party.credit_code,
        "legal_representative": party.legal_representative,
        "address": party.address,
        "phone": party.phone,
        "age": _age(party.id_number, day) if natural else "",
    }


def _party_line(p: dict) -> str:
    parts = [p["name"], f"{p['id_label']}：{p['id_value']}"]
    if p["legal_representative"]:
        parts.append(f"法定代表人（负责人）：{p['legal_representative']}")
    parts.append(f"{'住址' if p['id_label'] == '公民身份号码' else '住所'}：{p['address']}")
    return "，".join(parts)


def common(kind: kinds.Kind, inputs: Inputs, number: str) -> dict:
    case, day = inputs.case, inputs.day
    body = case.body
    parties = [_party(p, day) for p in case.parties.all()]
    officers = [a.officer for a in case.assignments.select_related("officer").order_by("id")]
    case_number = case.number or case.clue_number
    return {
        "title": kind.title,
        "agency": body.name,
        "agency_address": body.address,
        "agency_phone": body.phone,
        "number": number,
        "reference": number or f"案件编号：{case_number}",
        "case_number": case_number,
        "clue_number": case.clue_number,
        "cause": case.cause,
        "case_source": case.get_source_display(),
        "facts": case.facts,
        "place": case.place,
        "legal_provisions": case.legal_provisions,
        "penalty_basis": case.penalty_basis,
        "party_name": "、".join(p["name"] for p in parties),
        "party_address": "；".join(p["address"] for p in parties),
        "party_summary": "\n".join(_party_line(p) for p in parties),
        "parties": parties,
        "officer_names": "、".join(o.name for o in officers),
        "officers": [
            {"name": o.name, "post": o.post, "credential": getattr(o.valid_credential_on(day), "number", "")}
            for o in officers
        ],
        "date": cn_date(day),
    }


def build(kind: kinds.Kind, inputs: Inputs, number: str) -> dict:
    """The whole context of one document: common keys, then the kind's own."""
    context = common(kind, inputs, number)
    context.update(BUILDERS[kind.code](inputs, context))
    return clean(context)


def clean(value):
    """Drop characters XML cannot carry (a .docx with them does not open) and normalise newlines."""
    if isinstance(value, str):
        return _XML_ILLEGAL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
    if isinstance(value, list):
        return [clean(v) for v in value]
    if isinstance(value, dict):
        return {k: clean(v) for k, v in value.items()}
    return value


# --- per-kind values ------------------------------------------------------------------------------


def _approver(inputs: Inputs) -> str:
    return person_name(inputs.actor)


def _deadline_due(case: Case, kind: str) -> datetime.date | None:
    row = case.deadlines.filter(kind=kind).first()
    return row.due_date if row else None


def _filing(inputs: Inputs, ctx: dict) -> dict:
    case = inputs.case
    return {
        "registered_on": cn_date(case.registered_on),
        "discovered_on": cn_date(case.discovered_on),
        "handler_opinion": f"经初步核查，当事人涉嫌{case.cause}，有违法事实，属于本机关管辖，"
        "在追责时效内，符合立案条件，建议立案调查。",
        "approval_opinion": inputs.reason or "同意立案。",
        "approver": _approver(inputs),
    }


def _no_filing(inputs: Inputs, ctx: dict) -> dict:
    return {
        "decline_reason": inputs.reason,
        "approval_opinion": "同意不予立案。",
        "approver": _approver(inputs),
    }


def _inspection(inputs: Inputs, ctx: dict) -> dict:
    x = inputs.extra
    return {
        "time_range": time_range(x["started_at"], x["ended_at"]),
        "inspection_place": x["place"],
        "inspector_summary": "、".join(officer_label(o, inputs.day) for o in x["inspectors"]),
        "recorder": x["recorder"].name,
        "present_person": x.get("present_person", ""),
        "notice_text": "执法人员已向当事人出示执法证件，表明身份，告知其有申请回避的权利以及配合调查、"
        "如实提供证据的义务。",
        "findings": x["findings"],
        "witness": x.get("witness", ""),
    }


def _interview(inputs: Inputs, ctx: dict) -> dict:
    x, body = inputs.extra, inputs.case.body
    questioner = x["questioner"]
    lines = [line.strip() for line in x["qa"].splitlines() if line.strip()]
    return {
        "time_range": time_range(x["started_at"], x["ended_at"]),
        "interview_place": x["place"],
        "questioner": f"{questioner.name}（{body.name} {questioner.post}）".replace(" ）", "）"),
        "recorder": x["recorder"].name,
        "interviewee_name": x["interviewee_name"],
        "interviewee_id_number": x.get("interviewee_id_number", ""),
        "interviewee_unit": x.get("interviewee_unit", ""),
        "interviewee_phone": x.get("interviewee_phone", ""),
        "interviewee_address": x.get("interviewee_address", ""),
        "interviewee_postcode": x.get("interviewee_postcode", ""),
        "relation": x["relation"],
        "notice_text": "我们是本机关执法人员，已向你出示执法证件。现依法向你进行询问调查，你应当如实回答问题，"
        "不得作伪证或者隐匿证据。如认为执法人员与本案有直接利害关系，你有权申请回避。",
        "qa": "\n".join(lines),
        "qa_lines": lines,
    }


def _preservation(inputs: Inputs, ctx: dict) -> dict:
    return {
        "body_text": "经本机关负责人批准，依据《中华人民共和国行政处罚法》第五十六条的规定，本机关决定对你（单位）"
        "的下列证据予以先行登记保存。在保存期间，你（单位）或者有关人员不得损毁、销毁或者转移证据。"
        "本机关将在七个工作日内作出处理决定。",
        "items": inputs.data.get("items", ""),
        "approval": inputs.data.get("approval", ""),
        "handling_due": cn_date(_deadline_due(inputs.case, DeadlineKind.PRESERVATION)),
    }


def _measure(inputs: Inputs, ctx: dict) -> dict:
    case = inputs.case
    label = MeasureKind(case.measure_kind).label if case.measure_kind else "查封、扣押"
    due = _deadline_due(case, DeadlineKind.COERCIVE_MEASURE)
    return {
        "body_text": f"经本机关负责人批准，本机关决定依法对你（单位）实施以下行政强制措施：{label}。"
        "查封、扣押清单一式二份，由你（单位）和本机关分别保存。",
        "measure_reason": inputs.reason or case.facts,
        "measure_basis": "；".join(
            p
            for p in (case.legal_provisions, "《中华人民共和国行政强制法》第九条、第二十二条至第二十五条")
            if p
        ),
        "items": inputs.data.get("items", ""),
        "period_text": f"自{cn_date(case.measure_taken_on)}起至{cn_date(due)}止（{rules.MEASURE_DAYS}日）",
        "approval": inputs.data.get("approval", ""),
        "remedies": REMEDIES,
    }


def _notice(inputs: Inputs, ctx: dict) -> dict:
    case = inputs.case
    days = rules.rules_for(case).statement_period_workdays
    hearing = (
        "根据《中华人民共和国行政处罚法》第六十三条、第六十四条的规定，你（单位）有权要求举行听证。"
        f"如要求听证，请在收到本告知书之日起{rules.HEARING_REQUEST_WORKDAYS}个工作日内向本机关提出；"
        "逾期未提出的，视为放弃此权利。"
    )
    return {
        "proposed_penalties": penalty_text(case.proposed_penalties) or "不予行政处罚",
        "statement_text": "根据《中华人民共和国行政处罚法》第四十四条、第四十五条的规定，你（单位）有权进行陈述和申辩。"
        f"请在收到本告知书之日起{days}个工作日内向本机关提出陈述、申辩意见；逾期未提出的，视为放弃此权利。",
        "hearing_right": bool(case.hearing_right),
        "hearing_text": hearing if case.hearing_right else "",
        "contact_text": "；".join(
            text
            for value, text in (
                (case.body.address, f"地址：{case.body.address}"),
                (case.body.phone, f"电话：{case.body.phone}"),
            )
            if value
        ),
    }


def _hearing_notice(inputs: Inputs, ctx: dict) -> dict:
    case = inputs.case
    return {
        "hearing_date": cn_date(case.hearing_date),
        "hearing_place": case.body.address or case.body.name,
        "host": case.hearing_host.name if case.hearing_host else "",
        "rights_text": "一、你（单位）可以亲自参加听证，也可以委托一至二人代理；\n"
        "二、你（单位）认为主持人与本案有直接利害关系的，有权申请回避；\n"
        "三、无正当理由拒不出席听证或者未经许可中途退出听证的，视为放弃听证权利；\n"
        "四、请携带身份证明和有关证据材料按时出席。",
    }


def _hearing_record(inputs: Inputs, ctx: dict) -> dict:
    case = inputs.case
    return {
        "hearing_held_on": cn_date(case.hearing_held_on),
        "hearing_place": case.body.address or case.body.name,
        "host": case.hearing_host.name if case.hearing_host else "",
        "summary": inputs.reason,
    }


def _decision(inputs: Inputs, ctx: dict) -> dict:
    elements = inputs.case.decision_elements or {}
    return {
        "evidence": elements.get("evidence", ""),
        "penalties": penalty_text(inputs.case.final_penalties),
        "performance": elements.get("performance", ""),
        "remedies": elements.get("remedies") or REMEDIES,
    }


def _receipt(inputs: Inputs, ctx: dict) -> dict:
    x = inputs.extra
    method = x.get("service_method") or inputs.data.get("service_method") or ""
    first_address = ctx["parties"][0]["address"] if ctx["parties"] else ""
    return {
        "served_document": x.get("served_document", ""),
        "recipient": x.get("recipient") or ctx["party_name"],
        "service_place": x.get("service_place") or first_address,
        "service_method": ServiceMethod(method).label if method else "",
        "service_date": cn_date(x.get("served_on") or inputs.day),
        "server_names": ctx["officer_names"],
        "recipient_signature": "",
        "note": x.get("note", ""),
    }


def _closing(inputs: Inputs, ctx: dict) -> dict:
    case = inputs.case
    if case.transferred_to:
        decision, execution = f"案件已移送{case.transferred_to}。", "案件已移送，本机关不再执行。"
    elif case.decision_kind == "no_penalty":
        decision, execution = f"不予行政处罚决定书 {case.decision_number}。", "不予行政处罚，无需执行。"
    else:
        decision = f"行政处罚决定书 {case.decision_number}：{penalty_text(case.final_penalties)}。"
        execution = "当事人已履行完毕。"
        if case.paid_on:
            execution = f"当事人已于{cn_date(case.paid_on)}履行完毕"
            if case.paid_amount:
                execution += f"，缴纳罚没款人民币{case.paid_amount:,.2f}元"
            if case.surcharge_amount:
                execution += f"（含加处罚款{case.surcharge_amount:,.2f}元）"
            execution += "。"
    return {
        "filed_on": cn_date(case.filed_on),
        "decision_summary": decision,
        "execution_summary": execution,
        "approval_opinion": inputs.reason or "同意结案。",
        "approver": _approver(inputs),
    }


def _transfer(inputs: Inputs, ctx: dict) -> dict:
    case = inputs.case
    attachments = [
        f"{d.title}{'（' + d.number + '）' if d.number else ''}"
        for d in case.documents.filter(status="issued").order_by("issued_at", "id")
    ] + ["有关证据材料"]
    return {
        "receiver": case.transferred_to,
        "body_text": f"本机关在查处{ctx['party_name']}{case.cause}一案中，发现其行为涉嫌犯罪。根据《中华人民共和国"
        "行政处罚法》第二十七条和《行政执法机关移送涉嫌犯罪案件的规定》，现将该案移送你单位，请依法处理，"
        "并将处理结果书面告知本机关。",
        "transfer_reason": inputs.reason,
        "attachments": attachments,
        "attachments_text": "\n".join(f"{i}. {a}" for i, a in enumerate(attachments, 1)),
    }


def _on_spot(inputs: Inputs, ctx: dict) -> dict:
    case = inputs.case
    if case.paid_on:
        payment = "当场收缴罚款，已出具专用票据。"
    elif case.fine_amount > 0:
        payment = (
            f"自收到本决定书之日起{rules.PAYMENT_PERIOD_DAYS}日内到指定银行或者通过电子支付系统缴纳罚款；"
            "到期不缴纳的，每日按罚款数额的百分之三加处罚款。"
        )
    else:
        payment = "无罚款。"
    return {
        "spot_time": f"{cn_date(inputs.day)}，{case.place}",
        "penalties": penalty_text(case.final_penalties),
        "payment_text": payment,
        "remedies": REMEDIES,
        "officer_summary": "、".join(
            officer_label(a.officer, inputs.day) for a in case.assignments.select_related("officer")
        ),
    }


def _collective(inputs: Inputs, ctx: dict) -> dict:
    x = inputs.extra
    participants = x.get("participants", [])
    opinions = x.get("opinions", [])
    return {
        "held_on": cn_date(x.get("held_on")),
        "presided_by": x.get("presided_by", ""),
        "participants": participants,
        "participants_text": "\n".join(f"{p['name']}（{p['post']}）" for p in participants),
        "opinions": opinions,
        "opinions_text": "\n".join(f"{o['name']}：{o['opinion']}" for o in opinions),
        "conclusion": x.get("conclusion_label", ""),
        "conclusion_text": x.get("conclusion_text", ""),
    }


BUILDERS = {
    K.FILING_APPROVAL: _filing,
    K.NO_FILING_APPROVAL: _no_filing,
    K.INSPECTION_RECORD: _inspection,
    K.INTERVIEW_RECORD: _interview,
    K.PRESERVATION_NOTICE: _preservation,
    K.MEASURE_DECISION: _measure,
    K.PENALTY_NOTICE: _notice,
    K.HEARING_NOTICE: _hearing_notice,
    K.HEARING_RECORD: _hearing_record,
    K.PENALTY_DECISION: _decision,
    K.NO_PENALTY_DECISION: _decision,
    K.SERVICE_RECEIPT: _receipt,
    K.CLOSING_APPROVAL: _closing,
    K.TRANSFER_LETTER: _transfer,
    K.ON_SPOT_DECISION: _on_spot,
    K.COLLECTIVE_DISCUSSION: _collective,
}


def sample(kind: kinds.Kind) -> dict:
    """A context with every key filled, for validating an uploaded template by rendering it."""
    values: dict[str, Any] = {key: f"示例{key}" for key in kind.keys}
    values["parties"] = [dict.fromkeys(kinds.PARTY_ITEM_KEYS, "示例")]
    values["officers"] = [dict.fromkeys(kinds.OFFICER_ITEM_KEYS, "示例")]
    values["qa_lines"] = ["问：示例", "答：示例"]
    values["attachments"] = ["示例"]
    values["participants"] = [{"name": "示例", "post": "示例"}]
    values["opinions"] = [{"name": "示例", "opinion": "示例"}]
    values["hearing_right"] = True
    return {k: v for k, v in values.items() if k in kind.keys}
