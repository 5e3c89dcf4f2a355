"""The administrative-penalty case, its parties, officers, history and statutory deadlines."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models

from sanxiang.core.models import PublicIdModel, TimeStampedModel
from sanxiang.orgs.access import AccessPaths
from sanxiang.orgs.models import Department, EnforcementBody, Officer
from sanxiang.orgs.validators import mask_id_number, mask_phone

from .choices import (
    CaseSource,
    CaseState,
    DeadlineKind,
    DeadlineUnit,
    DecisionKind,
    MeasureKind,
    OfficerRole,
    PartyKind,
    Procedure,
    ServiceMethod,
)


class ProcedureRules(models.Model):
    """Per-body configuration of thresholds and periods that differ by province and sector."""

    body = models.OneToOneField(EnforcementBody, on_delete=models.CASCADE, related_name="procedure_rules")
    # CASE-10 (unconfirmed national figure; MSA example): "large fine" for the hearing right.
    hearing_fine_threshold_person = models.DecimalField(
        "自然人较大数额罚款（元）", max_digits=14, decimal_places=2, default=Decimal("10000")
    )
    hearing_fine_threshold_org = models.DecimalField(
        "法人/其他组织较大数额罚款（元）", max_digits=14, decimal_places=2, default=Decimal("100000")
    )
    statement_period_workdays = models.PositiveSmallIntegerField("陈述申辩期（工作日）", default=5)
    filing_period_workdays = models.PositiveSmallIntegerField("立案期限（工作日，CASE-04）", default=15)
    decision_period_days = models.PositiveSmallIntegerField("办案期限（日，CASE-05）", default=90)
    decision_extension_days = models.PositiveSmallIntegerField("延长办案期限（日）", default=30)

    class Meta:
        verbose_name = "程序参数"
        verbose_name_plural = "程序参数"

    def __str__(self) -> str:
        return f"{self.body} 程序参数"


class Case(PublicIdModel):
    """An administrative-penalty case (行政处罚案件). `state` changes only through cases.services."""

    access = AccessPaths(body="body", department="department", assignee_users="assignments__officer__user")

    body = models.ForeignKey(
        EnforcementBody, verbose_name="执法主体", on_delete=models.PROTECT, related_name="cases"
    )
    department = models.ForeignKey(
        Department, verbose_name="承办机构", on_delete=models.PROTECT, related_name="cases"
    )
    procedure = models.CharField("程序", max_length=16, choices=Procedure.choices, default=Procedure.ORDINARY)
    state = models.CharField(
        "状态", max_length=20, choices=CaseState.choices, default=CaseState.CLUE, db_index=True
    )
    state_before_suspension = models.CharField(max_length=20, choices=CaseState.choices, blank=True)

    clue_number = models.CharField("线索登记号", max_length=60, unique=True)
    number = models.CharField("案件编号", max_length=60, null=True, blank=True, unique=True)
    cause = models.CharField("案由", max_length=200)
    source = models.CharField(
        "案件来源", max_length=16, choices=CaseSource.choices, default=CaseSource.INSPECTION
    )
    facts = models.TextField("违法事实")
    place = models.CharField("违法地点", max_length=200)
    legal_provisions = models.TextField("违反的法律条款", blank=True)
    penalty_basis = models.TextField("处罚依据", blank=True)
    discovered_on = models.DateField("发现日期")
    violation_ended_on = models.DateField("违法行为终了日期")
    # CASE-03: the five-year period applies only with both conditions (APL Art. 36).
    endangers_life_health_or_finance = models.BooleanField("涉及公民生命健康安全、金融安全", default=False)
    harm_caused = models.BooleanField("有危害后果", default=False)

    registered_on = models.DateField("线索登记日期")
    filed_on = models.DateField("立案日期", null=True, blank=True)
    proposed_penalties = models.JSONField("拟作出的处罚", default=list, blank=True)
    investigation_summary = models.TextField("调查终结报告摘要", blank=True)
    notice_served_on = models.DateField("告知书送达日期", null=True, blank=True)
    hearing_right = models.BooleanField("享有听证权利", default=False)
    statement_waived_on = models.DateField("放弃陈述申辩日期", null=True, blank=True)
    statement_received_on = models.DateField("陈述申辩日期", null=True, blank=True)
    statement_summary = models.TextField("陈述申辩意见", blank=True)
    hearing_requested_on = models.DateField("申请听证日期", null=True, blank=True)
    hearing_notified_on = models.DateField("听证通知送达日期", null=True, blank=True)
    hearing_date = models.DateField("听证日期", null=True, blank=True)
    hearing_host = models.ForeignKey(
        Officer,
        verbose_name="听证主持人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hosted_hearings",
    )
    hearing_held_on = models.DateField("听证举行日期", null=True, blank=True)
    hearing_withdrawn_on = models.DateField("撤回听证申请日期", null=True, blank=True)

    decision_kind = models.CharField("决定类型", max_length=16, choices=DecisionKind.choices, blank=True)
    decision_number = models.CharField("决定书文号", max_length=60, null=True, blank=True, unique=True)
    decided_on = models.DateField("决定日期", null=True, blank=True)
    final_penalties = models.JSONField("处罚内容", default=list, blank=True)
    decision_elements = models.JSONField("决定书要素", default=dict, blank=True)
    fine_amount = models.DecimalField("罚款金额", max_digits=14, decimal_places=2, default=Decimal("0"))
    confiscation_amount = models.DecimalField(
        "没收金额", max_digits=14, decimal_places=2, default=Decimal("0")
    )
    heaviest_penalty = models.CharField("最重处罚种类", max_length=24, blank=True)
    served_on = models.DateField("决定书送达日期", null=True, blank=True)
    service_method = models.CharField("送达方式", max_length=16, choices=ServiceMethod.choices, blank=True)
    paid_on = models.DateField("履行日期", null=True, blank=True)
    paid_amount = models.DecimalField("缴纳金额", max_digits=14, decimal_places=2, null=True, blank=True)
    surcharge_amount = models.DecimalField("加处罚款", max_digits=14, decimal_places=2, default=Decimal("0"))
    closed_on = models.DateField("结案日期", null=True, blank=True)
    archived_on = models.DateField("归档日期", null=True, blank=True)
    extension_approved = models.BooleanField("已批准延长办案期限", default=False)
    transferred_to = models.CharField("移送机关", max_length=100, blank=True)
    outcome_note = models.TextField("复议诉讼结果", blank=True)
    on_spot_form_number = models.CharField("当场处罚决定书编号", max_length=40, blank=True)
    preserved_on = models.DateField("先行登记保存日期", null=True, blank=True)
    measure_kind = models.CharField("强制措施", max_length=8, choices=MeasureKind.choices, blank=True)
    measure_taken_on = models.DateField("实施强制措施日期", null=True, blank=True)
    measure_extended = models.BooleanField("强制措施已延长", default=False)
    measure_released_on = models.DateField("解除强制措施日期", null=True, blank=True)
    demolished_on = models.DateField("强制拆除日期", null=True, blank=True)

    class Meta:
        verbose_name = "行政处罚案件"
        verbose_name_plural = "行政处罚案件"
        ordering = ["-registered_on", "-id"]
        indexes = [
            models.Index(fields=["body", "state"]),
            models.Index(fields=["body", "registered_on"]),
            # List pages of users who see every body sort by this and stop after one page.
            models.Index(fields=["-registered_on", "-id"], name="case_registered_desc"),
        ]

    def __str__(self) -> str:
        return self.number or self.clue_number

    @property
    def display_number(self) -> str:
        return self.number or self.clue_number


class Party(TimeStampedModel):
    """A party (当事人): a natural person, a legal person or another organisation."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="parties")
    kind = models.CharField("当事人类型", max_length=16, choices=PartyKind.choices)
    name = models.CharField("姓名/名称", max_length=100)
    id_number = models.CharField("公民身份号码", max_length=18, blank=True)
    credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True)
    legal_representative = models.CharField("法定代表人/负责人", max_length=50, blank=True)
    address = models.CharField("住所/地址", max_length=200)
    phone = models.CharField("联系电话", max_length=20, blank=True)
    is_minor = models.BooleanField("未成年人", default=False)

    class Meta:
        verbose_name = "当事人"
        verbose_name_plural = "当事人"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_natural_person(self) -> bool:
        return self.kind == PartyKind.NATURAL_PERSON

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)


class CaseOfficer(models.Model):
    """An officer assigned to a case; assigned officers are its investigators (CASE-01, CASE-09)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assignments")
    officer = models.ForeignKey(Officer, on_delete=models.PROTECT, related_name="assignments")
    role = models.CharField("分工", max_length=8, choices=OfficerRole.choices, default=OfficerRole.ASSIST)

    class Meta:
        verbose_name = "承办人员"
        verbose_name_plural = "承办人员"
        constraints = [models.UniqueConstraint(fields=["case", "officer"], name="caseofficer_unique")]

    def __str__(self) -> str:
        return f"{self.officer} · {self.get_role_display()}"


class CaseEvent(models.Model):
    """One row per transition: the case's history (from, to, actor, time, reason, inputs)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    transition = models.CharField("操作", max_length=40)
    from_state = models.CharField("原状态", max_length=20, choices=CaseState.choices, blank=True)
    to_state = models.CharField("新状态", max_length=20, choices=CaseState.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True)
    actor_label = models.CharField(max_length=60, blank=True)
    at = models.DateTimeField("时间", auto_now_add=True)
    effective_on = models.DateField("业务日期")
    reason = models.TextField("理由/说明", blank=True)
    data = models.JSONField("操作数据", default=dict, blank=True)
    ledger_index = models.BigIntegerField("日志序号", null=True)

    class Meta:
        verbose_name = "办案记录"
        verbose_name_plural = "办案记录"
        ordering = ["case", "id"]

    def __str__(self) -> str:
        return f"{self.transition}: {self.from_state} → {self.to_state}"


class Deadline(models.Model):
    """A running statutory period of a case (超期预警). Due date is derived, never typed in."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="deadlines")
    kind = models.CharField("期限", max_length=20, choices=DeadlineKind.choices)
    rule = models.CharField("规则", max_length=12)
    start_date = models.DateField("起算日")
    count = models.PositiveIntegerField("期间")
    unit = models.CharField("单位", max_length=10, choices=DeadlineUnit.choices)
    extra_days = models.PositiveIntegerField("扣除/延长日数", default=0)
    due_date = models.DateField("届满日", db_index=True)
    provisional = models.BooleanField("按暂定日历计算", default=False)
    met_on = models.DateField("完成日期", null=True, blank=True)
    paused_on = models.DateField("中止起算日", null=True, blank=True)

    class Meta:
        verbose_name = "法定期限"
        verbose_name_plural = "法定期限"
        constraints = [models.UniqueConstraint(fields=["case", "kind"], name="deadline_unique_kind")]
        indexes = [
            models.Index(fields=["met_on", "paused_on", "due_date"]),
            # The scan reads only running deadlines; a partial index keeps it small and is chosen by
            # SQLite's planner even without ANALYZE statistics (docs/benchmarks.md, fix 4).
            models.Index(
                fields=["due_date", "case"],
                condition=models.Q(met_on__isnull=True, paused_on__isnull=True),
                name="deadline_running_due_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} 至 {self.due_date}"
