"""Stable ASCII codes and Chinese labels for the legal review (法制审核) domain."""

from django.db import models


class CatalogueStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    IN_FORCE = "in_force", "已施行"


class CriterionKind(models.TextChoices):
    """What a catalogue item looks at. Only FACTOR items need a person's judgement."""

    PENALTY_KIND = "penalty_kind", "处罚种类"
    AMOUNT = "amount", "罚没数额"
    HEARING = "hearing", "经过听证程序"
    FACTOR = "factor", "需认定的情形"


class Factor(models.TextChoices):
    """L2/L3 grounds that no field of the case records: an officer states them when flagging."""

    PUBLIC_INTEREST = "public_interest", "涉及重大公共利益"
    SOCIAL_RISK = "social_risk", "可能造成重大社会影响或引发社会风险"
    MAJOR_RIGHTS = "major_rights", "直接关系行政相对人或第三人重大权益"
    COMPLEX = "complex", "案件情况疑难复杂、涉及多个法律关系"
    STATUTE = "statute", "法律、法规规定应当进行法制审核"
    OTHER = "other", "其他情形"


class FlagStatus(models.TextChoices):
    ACTIVE = "active", "有效"
    REMOVAL_REQUESTED = "removal_requested", "已申请撤销"
    REMOVED = "removed", "已撤销"


class Material(models.TextChoices):
    """送审材料 (the seed notice's 送审材料报送要求)."""

    INVESTIGATION_REPORT = "investigation_report", "调查终结报告"
    EVIDENCE_LIST = "evidence_list", "证据材料及目录"
    PROPOSED_DECISION = "proposed_decision", "拟作出的处理决定"
    DRAFT_DOCUMENT = "draft_document", "行政处罚决定书代拟稿"
    DISCRETION = "discretion", "行使自由裁量权的说明"
    STATEMENT = "statement", "当事人陈述申辩材料"
    HEARING_RECORD = "hearing_record", "听证笔录及听证报告"
    OTHER = "other", "其他材料"


ALWAYS_REQUIRED = (
    Material.INVESTIGATION_REPORT,
    Material.EVIDENCE_LIST,
    Material.PROPOSED_DECISION,
    Material.DRAFT_DOCUMENT,
    Material.DISCRETION,
)


class SubmissionStatus(models.TextChoices):
    PENDING = "pending", "待受理"
    RETURNED = "returned", "材料不全已退回"
    UNDER_REVIEW = "under_review", "审核中"
    DONE = "done", "已出具审核意见"
    WITHDRAWN = "withdrawn", "已撤回"


OPEN_SUBMISSION = frozenset({SubmissionStatus.PENDING, SubmissionStatus.UNDER_REVIEW})


class Checkpoint(models.TextChoices):
    """REV-05 / GBF118 (十三): the seven points every review answers."""

    SUBJECT = "subject", "执法主体与人员资格"
    PROCEDURE = "procedure", "执法程序"
    FACTS = "facts", "事实与证据"
    LAW = "law", "法律适用与裁量基准"
    COMPETENCE = "competence", "是否超越职权、滥用职权"
    DOCUMENTS = "documents", "文书是否完备规范"
    CRIME = "crime", "是否涉嫌犯罪需移送司法机关"


class Conclusion(models.TextChoices):
    COMPLIANT = "compliant", "符合"
    NONCOMPLIANT = "noncompliant", "不符合"
    NOT_APPLICABLE = "not_applicable", "不适用"


class Opinion(models.TextChoices):
    APPROVE = "approve", "同意"
    CORRECT = "correct", "需补正"
    DISAPPROVE = "disapprove", "不同意"


class ExtensionStatus(models.TextChoices):
    NONE = "", "未申请"
    REQUESTED = "requested", "已申请"
    APPROVED = "approved", "已批准"
    REJECTED = "rejected", "未批准"


class AdviserKind(models.TextChoices):
    LEGAL_ADVISER = "legal_adviser", "法律顾问"
    PUBLIC_LAWYER = "public_lawyer", "公职律师"


class CoordinationOutcome(models.TextChoices):
    UPHOLD = "uphold", "维持法制审核意见"
    ACCEPT = "accept", "采纳承办机构意见"
    COLLECTIVE = "collective", "提交集体讨论"


class CollectiveConclusion(models.TextChoices):
    DECIDE = "decide", "同意作出决定"
    UPHOLD = "uphold", "不同意作出决定，按法制审核意见办理"
    INVESTIGATE = "investigate", "补充调查后重新送审"


class Circumstance(models.TextChoices):
    """裁量情形 in the order of severity."""

    EXEMPT = "exempt", "不予处罚"
    LIGHTER = "lighter", "从轻处罚"
    GENERAL = "general", "一般处罚"
    HEAVIER = "heavier", "从重处罚"
