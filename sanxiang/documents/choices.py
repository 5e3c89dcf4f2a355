"""Stable codes and Chinese labels for enforcement documents (执法文书)."""

from django.db import models


class DocumentKind(models.TextChoices):
    FILING_APPROVAL = "filing_approval", "立案审批表"
    NO_FILING_APPROVAL = "no_filing_approval", "不予立案审批表"
    INSPECTION_RECORD = "inspection_record", "现场检查笔录"
    INTERVIEW_RECORD = "interview_record", "询问笔录"
    PRESERVATION_NOTICE = "preservation_notice", "证据先行登记保存通知书"
    MEASURE_DECISION = "measure_decision", "查封扣押决定书"
    PENALTY_NOTICE = "penalty_notice", "行政处罚告知书"
    HEARING_NOTICE = "hearing_notice", "听证通知书"
    HEARING_RECORD = "hearing_record", "听证笔录"
    PENALTY_DECISION = "penalty_decision", "行政处罚决定书"
    NO_PENALTY_DECISION = "no_penalty_decision", "不予行政处罚决定书"
    SERVICE_RECEIPT = "service_receipt", "送达回证"
    CLOSING_APPROVAL = "closing_approval", "结案审批表"
    TRANSFER_LETTER = "transfer_letter", "案件移送书"
    ON_SPOT_DECISION = "on_spot_decision", "当场行政处罚决定书"
    COLLECTIVE_DISCUSSION = "collective_discussion", "重大案件集体讨论记录"


class DocumentStatus(models.TextChoices):
    ISSUED = "issued", "已签发"
    SUPERSEDED = "superseded", "已被更正"


class FileFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", "Word（.docx）"


class SignerRole(models.TextChoices):
    OFFICER = "officer", "执法人员"
    PARTY = "party", "当事人"
    RECIPIENT = "recipient", "受送达人"
    WITNESS = "witness", "见证人"
    INTERVIEWEE = "interviewee", "被询问人"
    HOST = "host", "听证主持人"


class SignatureOutcome(models.TextChoices):
    SIGNED = "signed", "已签名"
    REFUSED = "refused", "拒绝签名"


# Roles that may refuse: the law lets officers note a refusal and have a witness sign instead
# (ACL Art. 18(8); 留置送达 under the Civil Procedure Law). Officers themselves cannot refuse.
MAY_REFUSE = frozenset({SignerRole.PARTY, SignerRole.RECIPIENT, SignerRole.INTERVIEWEE})
