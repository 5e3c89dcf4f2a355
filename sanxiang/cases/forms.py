"""Input forms, shared by the staff UI and the API so both validate identically.

Each transition names one of these forms in the procedure table; `date` is always the
business date of the step (defaults to today, never in the future).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django import forms
from django.utils import timezone

from sanxiang.orgs.validators import is_valid_credit_code, is_valid_id_number

from .choices import (
    CaseSource,
    DecisionKind,
    MeasureKind,
    OutcomeSource,
    PartyKind,
    PenaltyKind,
    ServiceMethod,
)

MAX_AMOUNT = Decimal("9999999999.99")


def today() -> datetime.date:
    return timezone.localdate()


class StepForm(forms.Form):
    date = forms.DateField(label="日期", required=False, help_text="默认为今天")
    reason = forms.CharField(label="说明", required=False, widget=forms.Textarea, max_length=2000)

    def clean_date(self):
        value = self.cleaned_data.get("date") or today()
        if value > today():
            raise forms.ValidationError("日期不得晚于今天")
        return value


class ReasonRequiredForm(StepForm):
    reason = forms.CharField(label="理由", widget=forms.Textarea, max_length=2000)


class PenaltyFields(forms.Form):
    penalty_kinds = forms.MultipleChoiceField(label="处罚种类", choices=PenaltyKind.choices, required=False)
    fine_amount = forms.DecimalField(
        label="罚款金额（元）", required=False, min_value=0, max_value=MAX_AMOUNT, decimal_places=2
    )
    confiscation_amount = forms.DecimalField(
        label="没收金额（元）", required=False, min_value=0, max_value=MAX_AMOUNT, decimal_places=2
    )
    other_penalty = forms.CharField(label="其他处罚内容", required=False, max_length=200)

    def penalties(self) -> list[dict]:
        """The penalties as a list of {"kind", "amount"} dicts (amount as a string or None)."""
        data = self.cleaned_data
        items = []
        for kind in data.get("penalty_kinds") or []:
            amount = None
            if kind == PenaltyKind.FINE:
                amount = data.get("fine_amount")
            elif kind in (PenaltyKind.CONFISCATE_GAINS, PenaltyKind.CONFISCATE_PROPERTY):
                amount = data.get("confiscation_amount")
            items.append({"kind": kind, "amount": str(amount) if amount is not None else None})
        return items

    def clean(self):
        data = super().clean()
        kinds = set(data.get("penalty_kinds") or [])
        if PenaltyKind.FINE in kinds and not data.get("fine_amount"):
            self.add_error("fine_amount", "选择罚款时须填写罚款金额")
        if kinds & {PenaltyKind.CONFISCATE_GAINS, PenaltyKind.CONFISCATE_PROPERTY} and data.get(
            "confiscation_amount"
        ) in (None, ""):
            self.add_error("confiscation_amount", "选择没收时须填写没收金额（无法计算的填 0）")
        if PenaltyKind.FINE not in kinds and data.get("fine_amount"):
            self.add_error("penalty_kinds", "填写了罚款金额但未选择“罚款”")
        if PenaltyKind.OTHER in kinds and not data.get("other_penalty"):
            self.add_error("other_penalty", "选择“其他”时须说明处罚内容")
        return data


class PartyForm(forms.Form):
    kind = forms.ChoiceField(label="当事人类型", choices=PartyKind.choices)
    name = forms.CharField(label="姓名/名称", max_length=100)
    id_number = forms.CharField(label="公民身份号码", required=False, max_length=18)
    credit_code = forms.CharField(label="统一社会信用代码", required=False, max_length=18)
    legal_representative = forms.CharField(label="法定代表人/负责人", required=False, max_length=50)
    address = forms.CharField(label="住所/地址", max_length=200)
    phone = forms.RegexField(
        label="联系电话",
        required=False,
        regex=r"^[0-9+\-]{6,20}$",
        error_messages={"invalid": "电话号码格式不正确"},
    )

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        id_number = (data.get("id_number") or "").strip().upper()
        credit_code = (data.get("credit_code") or "").strip().upper()
        data["id_number"], data["credit_code"] = id_number, credit_code
        if kind == PartyKind.NATURAL_PERSON:
            if not id_number:
                self.add_error("id_number", "自然人须填写公民身份号码")
            elif not is_valid_id_number(id_number):
                self.add_error("id_number", "公民身份号码格式、出生日期或校验位不正确（GB 11643）")
            if credit_code:
                self.add_error("credit_code", "自然人不填写统一社会信用代码")
        elif kind in (PartyKind.LEGAL_PERSON, PartyKind.OTHER_ORG):
            if not credit_code:
                self.add_error("credit_code", "法人或其他组织须填写统一社会信用代码")
            elif not is_valid_credit_code(credit_code):
                self.add_error("credit_code", "统一社会信用代码格式或校验位不正确（GB 32100）")
            if kind == PartyKind.LEGAL_PERSON and not data.get("legal_representative"):
                self.add_error("legal_representative", "法人须填写法定代表人")
        return data


class CaseForm(forms.Form):
    """Registering a clue (线索登记); the procedure is chosen here."""

    simplified = forms.BooleanField(label="适用简易程序（当场处罚）", required=False)
    department = forms.IntegerField(label="承办机构")
    cause = forms.CharField(label="案由", max_length=200)
    source = forms.ChoiceField(label="案件来源", choices=CaseSource.choices)
    facts = forms.CharField(label="违法事实", widget=forms.Textarea, max_length=10000)
    place = forms.CharField(label="违法地点", max_length=200)
    legal_provisions = forms.CharField(
        label="违反的法律条款", required=False, widget=forms.Textarea, max_length=4000
    )
    discovered_on = forms.DateField(label="发现日期")
    violation_ended_on = forms.DateField(label="违法行为终了日期")
    registered_on = forms.DateField(label="登记日期", required=False)
    endangers_life_health_or_finance = forms.BooleanField(
        label="涉及公民生命健康安全、金融安全", required=False
    )
    harm_caused = forms.BooleanField(label="有危害后果", required=False)
    officers = forms.TypedMultipleChoiceField(label="承办人员", coerce=int, choices=())

    def __init__(self, *args, officer_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officers"].choices = list(officer_choices)

    def clean(self):
        data = super().clean()
        registered = data.get("registered_on") or today()
        data["registered_on"] = registered
        discovered, ended = data.get("discovered_on"), data.get("violation_ended_on")
        if registered > today():
            self.add_error("registered_on", "登记日期不得晚于今天")
        if discovered and discovered > registered:
            self.add_error("discovered_on", "发现日期不得晚于登记日期")
        if discovered and ended and ended > discovered:
            self.add_error("violation_ended_on", "违法行为终了日期不得晚于发现日期")
        officers = set(data.get("officers") or [])
        needed = 1 if data.get("simplified") else 2
        if "officers" in data and len(officers) < needed:
            self.add_error("officers", f"须指派至少 {needed} 名承办人员（CASE-01）")
        return data


class FileCaseForm(StepForm):
    reason = forms.CharField(label="立案意见", widget=forms.Textarea, max_length=2000, required=False)


class SubmitForReviewForm(StepForm, PenaltyFields):
    proposal = forms.ChoiceField(
        label="拟处理意见",
        choices=[("penalty", "给予行政处罚"), ("no_penalty", "不予行政处罚"), ("transfer", "移送司法机关")],
    )
    investigation_summary = forms.CharField(label="调查终结报告", widget=forms.Textarea, max_length=10000)
    legal_provisions = forms.CharField(label="违反的法律条款", widget=forms.Textarea, max_length=4000)
    penalty_basis = forms.CharField(label="处罚依据", widget=forms.Textarea, max_length=4000, required=False)

    def clean(self):
        data = super().clean()
        if data.get("proposal") == "penalty":
            if not data.get("penalty_kinds"):
                self.add_error("penalty_kinds", "拟给予行政处罚的，须选择处罚种类")
            if not data.get("penalty_basis"):
                self.add_error("penalty_basis", "拟给予行政处罚的，须填写处罚依据")
        return data


class NoticeForm(StepForm):
    service_method = forms.ChoiceField(label="送达方式", choices=ServiceMethod.choices)


class StatementForm(StepForm):
    statement_summary = forms.CharField(label="陈述申辩意见", widget=forms.Textarea, max_length=10000)


class ScheduleHearingForm(StepForm):
    hearing_date = forms.DateField(label="听证日期")
    host = forms.IntegerField(label="听证主持人")


class RecordHearingForm(StepForm):
    reason = forms.CharField(label="听证笔录摘要", widget=forms.Textarea, max_length=10000)


class DecideForm(StepForm, PenaltyFields):
    decision_kind = forms.ChoiceField(label="决定类型", choices=DecisionKind.choices)
    evidence = forms.CharField(label="证据", widget=forms.Textarea, max_length=10000)
    penalty_basis = forms.CharField(label="处罚依据", widget=forms.Textarea, max_length=4000)
    performance = forms.CharField(
        label="履行方式和期限",
        widget=forms.Textarea,
        max_length=2000,
        required=False,
        help_text="如：自收到本决定书之日起十五日内缴至指定银行",
    )
    reconsideration_organ = forms.CharField(label="行政复议机关", max_length=100)
    court = forms.CharField(label="管辖人民法院", max_length=100)
    sealed = forms.BooleanField(label="决定书已加盖执法主体印章", required=False)

    def clean(self):
        data = super().clean()
        if data.get("decision_kind") == DecisionKind.PENALTY and not data.get("penalty_kinds"):
            self.add_error("penalty_kinds", "作出行政处罚决定的，须选择处罚种类")
        if data.get("decision_kind") == DecisionKind.NO_PENALTY and data.get("penalty_kinds"):
            self.add_error("penalty_kinds", "不予行政处罚决定不得包含处罚种类")
        return data


class TransferForm(ReasonRequiredForm):
    transferred_to = forms.CharField(label="接收机关", max_length=100)


class ServeDecisionForm(StepForm):
    service_method = forms.ChoiceField(label="送达方式", choices=ServiceMethod.choices)


class ExecutionForm(StepForm):
    paid_amount = forms.DecimalField(
        label="实际缴纳金额（元）", required=False, min_value=0, max_value=MAX_AMOUNT, decimal_places=2
    )


class OnTheSpotForm(StepForm, PenaltyFields):
    form_number = forms.CharField(label="当场处罚决定书编号", max_length=40)
    evidence = forms.CharField(label="证据", widget=forms.Textarea, max_length=4000)
    penalty_basis = forms.CharField(label="处罚依据", widget=forms.Textarea, max_length=2000)
    credential_shown = forms.BooleanField(label="已出示执法证件（CASE-02）", required=False)
    paid_on_the_spot = forms.BooleanField(label="当场收缴罚款", required=False)

    def clean(self):
        data = super().clean()
        if not data.get("penalty_kinds"):
            self.add_error("penalty_kinds", "须选择处罚种类")
        return data


class OutcomeForm(ReasonRequiredForm, PenaltyFields):
    source = forms.ChoiceField(label="依据", choices=OutcomeSource.choices)
    document = forms.CharField(label="复议决定书/判决书文号", max_length=100)


class ApprovedStepForm(StepForm):
    """Steps that need the agency head's prior approval (APL Art. 56; ACL Art. 18)."""

    approval = forms.CharField(label="审批人及审批文号", max_length=200)
    items = forms.CharField(label="物品/场所清单", widget=forms.Textarea, max_length=10000)


class MeasureForm(ApprovedStepForm):
    measure_kind = forms.ChoiceField(label="强制措施", choices=MeasureKind.choices)


class DemolitionForm(StepForm):
    reason = forms.CharField(label="强制拆除情况", widget=forms.Textarea, max_length=4000)
    public_notice_on = forms.DateField(label="限期自行拆除公告日期")
