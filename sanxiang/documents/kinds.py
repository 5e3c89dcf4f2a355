"""The catalogue of document kinds: title, legal basis, fields, numbering, the step that issues it.

One entry per kind drives everything else: the context keys a .docx template may use (and must
use), the layout of the PDF, the shipped default template, the 文号 mark, which transition issues
the document automatically and which REC-03 stage it evidences. docs/documents.md describes it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sanxiang.orgs import permissions as perm

from .choices import DocumentKind as K


@dataclass(frozen=True)
class Field:
    """One labelled value of a document; `block` values are multi-line and shown under the label."""

    key: str
    label: str
    block: bool = False


@dataclass(frozen=True)
class Kind:
    code: str
    basis: str  # legal basis of the content (docs and the PDF footer note)
    layout: str  # "form" (internal approval table), "letter" (served on the party), "record" (笔录)
    fields: tuple[Field, ...]
    required: tuple[str, ...]  # keys a custom template must use; "a|b" means either
    hidden: tuple[str, ...] = ()  # keys in the context but not in the layout (lists, flags)
    mark: str = ""  # 文号 mark from the body's own sequence ("" = no own number)
    number_from: str = ""  # "decision": carries case.decision_number
    transitions: tuple[str, ...] = ()  # steps that issue it automatically
    manual: bool = False  # officers issue it through issue_document() with their own input
    stage: str = ""  # REC-03 stage it evidences
    action: str = perm.CASE_HANDLE  # needed to issue it by hand or to correct it
    signers: tuple[str, ...] = ()  # who is expected to sign (UI hint)

    @property
    def title(self) -> str:
        return K(self.code).label

    @property
    def keys(self) -> frozenset[str]:
        """Every context key a template of this kind may use."""
        return COMMON_KEYS | {f.key for f in self.fields} | set(self.hidden)


# Keys every kind's context carries (docs/documents.md lists them with examples).
COMMON_FIELDS: tuple[Field, ...] = (
    Field("title", "文书名称"),
    Field("agency", "执法主体名称"),
    Field("agency_address", "执法主体地址"),
    Field("agency_phone", "执法主体联系电话"),
    Field("number", "文号（无文号的文书为空）"),
    Field("reference", "文号行：文号，无文号的为“案件编号：……”"),
    Field("case_number", "案件编号（未立案的为线索登记号）"),
    Field("clue_number", "线索登记号"),
    Field("cause", "案由"),
    Field("case_source", "案件来源"),
    Field("facts", "违法事实", block=True),
    Field("place", "违法地点"),
    Field("legal_provisions", "违反的法律条款", block=True),
    Field("penalty_basis", "处罚依据", block=True),
    Field("party_name", "当事人姓名或名称（多个以“、”分隔）"),
    Field("party_address", "当事人住所或地址"),
    Field("party_summary", "当事人基本情况（每名当事人一行）", block=True),
    Field("officer_names", "承办人员"),
    Field("date", "文书日期（如 2026年3月5日）"),
)
COMMON_LISTS = ("parties", "officers")
COMMON_KEYS = frozenset({f.key for f in COMMON_FIELDS} | set(COMMON_LISTS))
# Items of the common lists, for template authors: parties[i].name etc.
PARTY_ITEM_KEYS = ("name", "kind", "id_label", "id_value", "legal_representative", "address", "phone", "age")
OFFICER_ITEM_KEYS = ("name", "post", "credential")

PARTY = Field("party_summary", "当事人", block=True)
SIGNED_BY = Field("approver", "审批人")
STAGES = {
    "start": "启动（立案审批表）",
    "investigation": "调查取证（现场检查笔录或询问笔录）",
    "decision": "审核、决定（行政处罚决定书、不予行政处罚决定书或案件移送书）",
    "service": "送达（送达回证）",
}

_CATALOGUE = (
    Kind(
        K.FILING_APPROVAL,
        "《行政处罚法》第五十四条；立案审批表格式（W10）",
        "form",
        (
            Field("case_number", "案件编号"),
            Field("cause", "案由"),
            Field("case_source", "案件来源"),
            Field("parties", "当事人基本情况"),
            Field("registered_on", "线索登记日期"),
            Field("discovered_on", "发现日期"),
            Field("place", "违法地点"),
            Field("facts", "简要案情", block=True),
            Field("officer_names", "承办人员"),
            Field("handler_opinion", "承办人意见", block=True),
            Field("approval_opinion", "负责人审批意见", block=True),
            SIGNED_BY,
            Field("date", "审批日期"),
        ),
        (
            "case_number",
            "cause",
            "case_source",
            "parties|party_summary|party_name",
            "facts",
            "approval_opinion",
        ),
        transitions=("file_case",),
        stage="start",
        action=perm.CASE_APPROVE,
    ),
    Kind(
        K.NO_FILING_APPROVAL,
        "《行政处罚法》第五十四条；《市场监督管理行政处罚程序规定》第十八条",
        "form",
        (
            Field("clue_number", "线索登记号"),
            Field("cause", "案由"),
            Field("case_source", "案件来源"),
            PARTY,
            Field("facts", "简要案情", block=True),
            Field("decline_reason", "不予立案理由", block=True),
            Field("approval_opinion", "负责人审批意见", block=True),
            SIGNED_BY,
            Field("date", "审批日期"),
        ),
        ("clue_number", "cause", "parties|party_summary|party_name", "decline_reason"),
        transitions=("decline_filing",),
        action=perm.CASE_APPROVE,
    ),
    Kind(
        K.INSPECTION_RECORD,
        "《行政处罚法》第五十五条；《行政强制法》第十八条（W8、CASE-02）",
        "record",
        (
            Field("time_range", "检查时间"),
            Field("inspection_place", "检查地点"),
            Field("inspector_summary", "检查人员及执法证件号"),
            Field("recorder", "记录人"),
            Field("party_name", "被检查人"),
            Field("present_person", "现场负责人或在场人员"),
            Field("notice_text", "告知事项", block=True),
            Field("findings", "现场检查情况", block=True),
            Field("witness", "见证人"),
        ),
        ("time_range", "inspection_place", "inspector_summary", "party_name|parties", "findings"),
        manual=True,
        stage="investigation",
        signers=("party", "officer", "witness"),
    ),
    Kind(
        K.INTERVIEW_RECORD,
        "《行政处罚法》第五十五条；询问笔录格式（W9）",
        "record",
        (
            Field("time_range", "询问时间"),
            Field("interview_place", "询问地点"),
            Field("questioner", "询问人（单位、职务）"),
            Field("recorder", "记录人"),
            Field("interviewee_name", "被询问人"),
            Field("interviewee_id_number", "公民身份号码"),
            Field("interviewee_unit", "工作单位及职务"),
            Field("interviewee_phone", "联系电话"),
            Field("interviewee_address", "住址"),
            Field("interviewee_postcode", "邮政编码"),
            Field("relation", "与本案关系"),
            Field("notice_text", "告知事项", block=True),
            Field("qa", "询问记录", block=True),
        ),
        ("time_range", "interview_place", "questioner", "recorder", "interviewee_name", "qa|qa_lines"),
        hidden=("qa_lines",),
        manual=True,
        stage="investigation",
        signers=("interviewee", "officer"),
    ),
    Kind(
        K.PRESERVATION_NOTICE,
        "《行政处罚法》第五十六条（CASE-06）",
        "letter",
        (
            Field("party_name", "当事人"),
            Field("body_text", "正文", block=True),
            Field("items", "先行登记保存的证据（物品清单）", block=True),
            Field("approval", "批准"),
            Field("handling_due", "处理决定期限"),
        ),
        ("number|reference", "party_name|parties", "items", "handling_due"),
        mark="保",
        transitions=("preserve_evidence",),
    ),
    Kind(
        K.MEASURE_DECISION,
        "《行政强制法》第二十四条、第二十五条（C32、CASE-15）",
        "letter",
        (
            Field("party_summary", "当事人", block=True),
            Field("body_text", "正文", block=True),
            Field("measure_reason", "查封扣押的理由", block=True),
            Field("measure_basis", "依据", block=True),
            Field("items", "查封扣押的场所、设施或者财物的名称、数量", block=True),
            Field("period_text", "查封扣押期限"),
            Field("approval", "批准"),
            Field("remedies", "救济途径和期限", block=True),
        ),
        (
            "number|reference",
            "party_summary|parties|party_name",
            "measure_reason",
            "measure_basis",
            "items",
            "period_text",
            "remedies",
        ),
        mark="封扣",
        transitions=("take_measure",),
        action=perm.CASE_DECIDE,
    ),
    Kind(
        K.PENALTY_NOTICE,
        "《行政处罚法》第四十四条、第六十二条、第六十三条、第六十四条（CASE-07、CASE-09）",
        "letter",
        (
            Field("party_name", "当事人"),
            Field("facts", "违法事实", block=True),
            Field("legal_provisions", "违反的法律条款", block=True),
            Field("proposed_penalties", "拟作出的行政处罚"),
            Field("penalty_basis", "处罚依据", block=True),
            Field("statement_text", "陈述、申辩权利", block=True),
            Field("hearing_text", "听证权利", block=True),
            Field("contact_text", "联系方式"),
        ),
        (
            "number|reference",
            "party_name|parties",
            "facts",
            "proposed_penalties",
            "penalty_basis",
            "statement_text",
        ),
        hidden=("hearing_right",),
        mark="告",
        transitions=("serve_notice",),
    ),
    Kind(
        K.HEARING_NOTICE,
        "《行政处罚法》第六十四条（CASE-09）",
        "letter",
        (
            Field("party_name", "当事人"),
            Field("hearing_date", "听证时间"),
            Field("hearing_place", "听证地点"),
            Field("host", "听证主持人"),
            Field("rights_text", "注意事项", block=True),
        ),
        ("number|reference", "party_name|parties", "hearing_date", "hearing_place", "host"),
        mark="听通",
        transitions=("schedule_hearing",),
    ),
    Kind(
        K.HEARING_RECORD,
        "《行政处罚法》第六十四条第（八）项、第六十五条",
        "record",
        (
            Field("hearing_held_on", "听证时间"),
            Field("hearing_place", "听证地点"),
            Field("host", "听证主持人"),
            Field("officer_names", "案件调查人员"),
            Field("party_name", "当事人"),
            Field("summary", "听证情况", block=True),
        ),
        ("hearing_held_on", "host", "party_name|parties", "summary"),
        transitions=("record_hearing",),
        signers=("host", "party", "officer"),
    ),
    Kind(
        K.PENALTY_DECISION,
        "《行政处罚法》第五十九条；《行政复议法》第二十条；《行政诉讼法》第四十六条（CASE-12）",
        "letter",
        (
            Field("party_summary", "当事人", block=True),
            Field("facts", "违法事实", block=True),
            Field("evidence", "证据", block=True),
            Field("legal_provisions", "违反的法律条款", block=True),
            Field("penalties", "行政处罚的种类和幅度"),
            Field("penalty_basis", "处罚依据", block=True),
            Field("performance", "履行方式和期限", block=True),
            Field("remedies", "救济途径和期限", block=True),
        ),
        (
            "number|reference",
            "party_summary|parties",
            "facts",
            "evidence",
            "penalties",
            "penalty_basis",
            "performance",
            "remedies",
            "agency",
            "date",
        ),
        number_from="decision",
        transitions=("decide",),
        stage="decision",
        action=perm.CASE_DECIDE,
    ),
    Kind(
        K.NO_PENALTY_DECISION,
        "《行政处罚法》第三十三条、第五十七条、第五十九条",
        "letter",
        (
            Field("party_summary", "当事人", block=True),
            Field("facts", "违法事实", block=True),
            Field("evidence", "证据", block=True),
            Field("penalty_basis", "不予行政处罚的理由和依据", block=True),
            Field("remedies", "救济途径和期限", block=True),
        ),
        (
            "number|reference",
            "party_summary|parties",
            "facts",
            "evidence",
            "penalty_basis",
            "remedies",
            "agency",
            "date",
        ),
        number_from="decision",
        transitions=("decide",),
        stage="decision",
        action=perm.CASE_DECIDE,
    ),
    Kind(
        K.SERVICE_RECEIPT,
        "《行政处罚法》第六十一条；送达回证（W11、W13）",
        "form",
        (
            Field("served_document", "送达文书名称及文号"),
            Field("recipient", "受送达人"),
            Field("service_place", "送达地点"),
            Field("service_method", "送达方式"),
            Field("service_date", "送达日期"),
            Field("server_names", "送达人"),
            Field("recipient_signature", "受送达人签名或盖章及收到日期"),
            Field("note", "备注", block=True),
        ),
        ("served_document", "recipient", "service_method", "service_date", "recipient_signature"),
        transitions=("serve_decision",),
        manual=True,
        stage="service",
        signers=("recipient", "officer", "witness"),
    ),
    Kind(
        K.CLOSING_APPROVAL,
        "《行政处罚法》第四十七条；结案审批表（E8）",
        "form",
        (
            Field("case_number", "案件编号"),
            Field("cause", "案由"),
            PARTY,
            Field("filed_on", "立案日期"),
            Field("decision_summary", "处理决定", block=True),
            Field("execution_summary", "执行情况", block=True),
            Field("officer_names", "承办人员"),
            Field("approval_opinion", "负责人审批意见", block=True),
            SIGNED_BY,
            Field("date", "结案日期"),
        ),
        ("case_number", "cause", "parties|party_summary|party_name", "decision_summary", "execution_summary"),
        transitions=("close",),
        action=perm.CASE_APPROVE,
    ),
    Kind(
        K.TRANSFER_LETTER,
        "《行政处罚法》第二十七条；《行政执法机关移送涉嫌犯罪案件的规定》",
        "letter",
        (
            Field("receiver", "接收机关"),
            Field("party_summary", "当事人", block=True),
            Field("body_text", "正文", block=True),
            Field("transfer_reason", "移送理由", block=True),
            Field("attachments_text", "附件", block=True),
        ),
        ("number|reference", "receiver", "party_name|parties|party_summary", "transfer_reason"),
        hidden=("attachments",),
        mark="移",
        transitions=("transfer",),
        stage="decision",
        action=perm.CASE_DECIDE,
    ),
    Kind(
        K.ON_SPOT_DECISION,
        "《行政处罚法》第五十一条、第五十二条（W6、CASE-13）",
        "letter",
        (
            Field("party_summary", "当事人", block=True),
            Field("spot_time", "时间、地点"),
            Field("facts", "违法行为", block=True),
            Field("penalties", "行政处罚"),
            Field("penalty_basis", "处罚依据", block=True),
            Field("payment_text", "缴纳方式", block=True),
            Field("remedies", "救济途径和期限", block=True),
            Field("officer_summary", "执法人员及执法证件号"),
        ),
        (
            "number|reference",
            "party_summary|parties",
            "spot_time",
            "facts",
            "penalties",
            "penalty_basis",
            "remedies",
        ),
        number_from="decision",
        transitions=("decide_on_the_spot",),
    ),
    # Issued by the review app when the agency head records the minutes (REV, APL Art. 57 ¶2).
    Kind(
        K.COLLECTIVE_DISCUSSION,
        "《行政处罚法》第五十七条第二款",
        "record",
        (
            Field("cause", "案由"),
            Field("party_name", "当事人"),
            Field("held_on", "讨论时间"),
            Field("presided_by", "主持人"),
            Field("participants_text", "参加人员", block=True),
            Field("officer_names", "案件承办人员"),
            Field("opinions_text", "讨论意见", block=True),
            Field("conclusion", "讨论结论"),
            Field("conclusion_text", "决定事项", block=True),
        ),
        ("held_on", "presided_by", "participants_text|participants", "opinions_text|opinions", "conclusion"),
        hidden=("participants", "opinions"),
        action=perm.CASE_DECIDE,
        signers=("presider", "recorder"),
    ),
)

KINDS: dict[str, Kind] = {k.code: k for k in _CATALOGUE}
MANUAL_KINDS = tuple(k.code for k in _CATALOGUE if k.manual)


def get(code: str) -> Kind:
    return KINDS[code]


def for_transition(name: str, case) -> list[Kind]:
    """The kinds a transition issues for this case (the decision depends on its kind)."""
    found = [k for k in _CATALOGUE if name in k.transitions]
    if name == "decide":
        wanted = K.NO_PENALTY_DECISION if case.decision_kind == "no_penalty" else K.PENALTY_DECISION
        found = [k for k in found if k.code == wanted]
    return found
