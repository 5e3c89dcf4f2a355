"""Stable codes and Chinese labels for the administrative-penalty case domain."""

from django.db import models


class Procedure(models.TextChoices):
    ORDINARY = "ordinary", "普通程序"
    SIMPLIFIED = "simplified", "简易程序（当场处罚）"


class CaseState(models.TextChoices):
    CLUE = "clue", "线索登记"
    NOT_FILED = "not_filed", "不予立案"
    INVESTIGATION = "investigation", "调查取证"
    INTERNAL_REVIEW = "internal_review", "案件审核"
    NOTICE_PENDING = "notice_pending", "审核通过待告知"
    NOTICE = "notice", "告知（陈述申辩期）"
    HEARING = "hearing", "听证"
    DECIDED = "decided", "已作出决定"
    SERVED = "served", "已送达"
    EXECUTED = "executed", "执行完毕"
    CLOSED = "closed", "已结案"
    ARCHIVED = "archived", "已归档"
    SUSPENDED = "suspended", "中止"
    TERMINATED = "terminated", "终止"
    TRANSFERRED = "transferred", "已移送司法机关"
    REVOKED = "revoked", "决定已撤销"


OPEN_STATES = frozenset(
    {
        CaseState.CLUE,
        CaseState.INVESTIGATION,
        CaseState.INTERNAL_REVIEW,
        CaseState.NOTICE_PENDING,
        CaseState.NOTICE,
        CaseState.HEARING,
        CaseState.DECIDED,
        CaseState.SERVED,
        CaseState.SUSPENDED,
    }
)


class CaseSource(models.TextChoices):
    INSPECTION = "inspection", "监督检查发现"
    COMPLAINT = "complaint", "投诉举报"
    TRANSFER = "transfer", "其他机关移送"
    ASSIGNED = "assigned", "上级交办"
    RANDOM_CHECK = "random_check", "双随机抽查"
    OTHER = "other", "其他"


class PartyKind(models.TextChoices):
    NATURAL_PERSON = "natural", "自然人"
    LEGAL_PERSON = "legal", "法人"
    OTHER_ORG = "other_org", "其他组织"


class PenaltyKind(models.TextChoices):
    """APL Art. 9 penalty types."""

    WARNING = "warning", "警告"
    CRITICISM = "criticism", "通报批评"
    FINE = "fine", "罚款"
    CONFISCATE_GAINS = "confiscate_gains", "没收违法所得"
    CONFISCATE_PROPERTY = "confiscate_property", "没收非法财物"
    SUSPEND_LICENSE = "suspend_license", "暂扣许可证件"
    LOWER_QUALIFICATION = "lower_qualification", "降低资质等级"
    RESTRICT_BUSINESS = "restrict_business", "限制开展生产经营活动"
    SUSPEND_BUSINESS = "suspend_business", "责令停产停业"
    CLOSE = "close", "责令关闭"
    RESTRICT_PRACTICE = "restrict_practice", "限制从业"
    REVOKE_LICENSE = "revoke_license", "吊销许可证件"
    DETENTION = "detention", "行政拘留"
    OTHER = "other", "其他"


# STAT-02 / A6 (大同 order): light to heavy; a decision is counted under its heaviest kind.
PENALTY_SEVERITY: tuple[str, ...] = (
    PenaltyKind.OTHER,
    PenaltyKind.WARNING,
    PenaltyKind.CRITICISM,
    PenaltyKind.FINE,
    PenaltyKind.CONFISCATE_GAINS,
    PenaltyKind.CONFISCATE_PROPERTY,
    PenaltyKind.SUSPEND_LICENSE,
    PenaltyKind.LOWER_QUALIFICATION,
    PenaltyKind.RESTRICT_BUSINESS,
    PenaltyKind.SUSPEND_BUSINESS,
    PenaltyKind.CLOSE,
    PenaltyKind.RESTRICT_PRACTICE,
    PenaltyKind.REVOKE_LICENSE,
    PenaltyKind.DETENTION,
)

AMOUNT_PENALTIES = frozenset(
    {PenaltyKind.FINE, PenaltyKind.CONFISCATE_GAINS, PenaltyKind.CONFISCATE_PROPERTY}
)

# CASE-09 / APL Art. 63: kinds that always carry the right to a hearing (fines and confiscation
# only above the configured "large amount" threshold).
HEARING_KINDS = frozenset(
    {
        PenaltyKind.LOWER_QUALIFICATION,
        PenaltyKind.REVOKE_LICENSE,
        PenaltyKind.SUSPEND_BUSINESS,
        PenaltyKind.CLOSE,
        PenaltyKind.RESTRICT_BUSINESS,
        PenaltyKind.RESTRICT_PRACTICE,
    }
)


class DecisionKind(models.TextChoices):
    PENALTY = "penalty", "行政处罚"
    NO_PENALTY = "no_penalty", "不予行政处罚"


class OfficerRole(models.TextChoices):
    LEAD = "lead", "主办"
    ASSIST = "assist", "协办"


class ServiceMethod(models.TextChoices):
    """W13: delivery methods."""

    DIRECT = "direct", "直接送达"
    LEFT = "left", "留置送达"
    ELECTRONIC = "electronic", "电子送达"
    POST = "post", "邮寄送达"
    ENTRUSTED = "entrusted", "委托送达"
    PUBLIC_NOTICE = "public_notice", "公告送达"
    ON_THE_SPOT = "on_the_spot", "当场交付"


class OutcomeSource(models.TextChoices):
    RECONSIDERATION = "reconsideration", "行政复议"
    LITIGATION = "litigation", "行政诉讼"
    SELF_CORRECTION = "self_correction", "自行纠正"
    SUPERVISION = "supervision", "执法监督"


class DeadlineKind(models.TextChoices):
    FILING = "filing", "立案期限"
    DECISION = "decision", "办案期限"
    STATEMENT = "statement", "陈述申辩期"
    HEARING_REQUEST = "hearing_request", "听证申请期"
    HEARING_NOTICE = "hearing_notice", "听证通知期"
    SERVICE = "service", "决定书送达期限"
    PAYMENT = "payment", "罚款缴纳期限"
    PRESERVATION = "preservation", "登记保存处理期限"
    COERCIVE_MEASURE = "coercive_measure", "查封扣押期限"


class DeadlineUnit(models.TextChoices):
    WORKDAYS = "workdays", "工作日"
    DAYS = "days", "日"


class Light(models.TextChoices):
    GREEN = "green", "正常"
    YELLOW = "yellow", "即将到期"
    RED = "red", "已超期"


class MeasureKind(models.TextChoices):
    """Coercive measures during an investigation (ACL Art. 9) that REC-01 requires on video."""

    SEAL = "seal", "查封场所、设施或者财物"
    SEIZE = "seize", "扣押财物"
