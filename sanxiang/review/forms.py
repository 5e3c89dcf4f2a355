"""Input forms, shared by the staff UI and the API (services validate with them)."""

from __future__ import annotations

import re

from django import forms
from django.utils import timezone

from sanxiang.cases.choices import AMOUNT_PENALTIES, PenaltyKind
from sanxiang.cases.forms import MAX_AMOUNT

from .choices import (
    AdviserKind,
    Checkpoint,
    Circumstance,
    CollectiveConclusion,
    Conclusion,
    CoordinationOutcome,
    CriterionKind,
    Factor,
    Material,
    Opinion,
)

LINK_RE = re.compile(r"^[a-z_]+\.[a-z_]+:[0-9A-Za-z-]{1,64}$")
TEXT = {"widget": forms.Textarea, "max_length": 10000}


def money(label: str, required: bool = False) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, required=required, min_value=0, max_value=MAX_AMOUNT, decimal_places=2
    )


class DatedForm(forms.Form):
    date = forms.DateField(label="日期", required=False, help_text="默认为今天")

    def clean_date(self):
        value = self.cleaned_data.get("date") or timezone.localdate()
        if value > timezone.localdate():
            raise forms.ValidationError("日期不得晚于今天")
        return value


# --- catalogue and benchmarks --------------------------------------------------------------------


class CatalogueForm(forms.Form):
    title = forms.CharField(label="名称", max_length=200)
    note = forms.CharField(label="制定说明", required=False, **TEXT)
    copy_previous = forms.BooleanField(label="以最新版本的事项为基础", required=False)


class CatalogueItemForm(forms.Form):
    number = forms.IntegerField(label="序号", required=False, min_value=1, max_value=999)
    kind = forms.ChoiceField(label="判定方式", choices=CriterionKind.choices)
    title = forms.CharField(label="事项", max_length=200)
    penalty_kinds = forms.MultipleChoiceField(label="处罚种类", choices=PenaltyKind.choices, required=False)
    threshold_person = money("自然人较大数额标准（元）")
    threshold_org = money("法人或其他组织较大数额标准（元）")
    factor = forms.ChoiceField(label="需认定的情形", choices=[("", "—"), *Factor.choices], required=False)
    legal_basis = forms.CharField(label="依据", required=False, **TEXT)

    def clean(self):
        data = super().clean()
        kind, kinds = data.get("kind"), data.get("penalty_kinds") or []
        if kind in (CriterionKind.PENALTY_KIND, CriterionKind.AMOUNT) and not kinds:
            self.add_error("penalty_kinds", "须选择处罚种类")
        if kind == CriterionKind.AMOUNT:
            if set(kinds) - AMOUNT_PENALTIES:
                self.add_error("penalty_kinds", "按数额判定的只能是罚款、没收违法所得、没收非法财物")
            if data.get("threshold_person") is None and data.get("threshold_org") is None:
                self.add_error("threshold_person", "须至少填写一个数额标准")
        if kind == CriterionKind.FACTOR and not data.get("factor"):
            self.add_error("factor", "须选择需认定的情形")
        return data


class PutInForceForm(forms.Form):
    effective_from = forms.DateField(label="施行日期")


class ReviewRulesForm(forms.Form):
    time_limit_workdays = forms.IntegerField(label="审核时限（工作日）", min_value=1, max_value=60)
    extension_workdays = forms.IntegerField(label="可延长（工作日）", min_value=1, max_value=60)


class ViolationTypeForm(forms.Form):
    code = forms.RegexField(
        label="编码",
        max_length=40,
        regex=r"^[A-Za-z0-9_.-]+$",
        error_messages={"invalid": "编码只能含字母、数字和 _ . -"},
    )
    name = forms.CharField(label="违法行为", max_length=200)
    legal_basis = forms.CharField(label="处罚依据", **TEXT)


class RangeForm(forms.Form):
    circumstance = forms.ChoiceField(label="裁量情形", choices=Circumstance.choices)
    min_fine = money("罚款下限（元）")
    max_fine = money("罚款上限（元）")
    allowed_kinds = forms.MultipleChoiceField(
        label="可适用的处罚种类", choices=PenaltyKind.choices, required=False
    )
    description = forms.CharField(label="适用条件", required=False, **TEXT)

    def clean(self):
        data = super().clean()
        low, high = data.get("min_fine"), data.get("max_fine")
        if low is not None and high is not None and low > high:
            self.add_error("max_fine", "上限不得低于下限")
        return data


# --- flags ---------------------------------------------------------------------------------------


class FlagForm(DatedForm):
    factor = forms.ChoiceField(label="情形", choices=Factor.choices)
    reason = forms.CharField(label="理由", widget=forms.Textarea, max_length=2000)


class ReasonForm(DatedForm):
    reason = forms.CharField(label="理由", widget=forms.Textarea, max_length=2000)


class ApprovalForm(DatedForm):
    decision = forms.ChoiceField(label="审批", choices=[("approve", "批准"), ("reject", "不批准")])
    note = forms.CharField(label="审批意见", required=False, widget=forms.Textarea, max_length=2000)


# --- submission and review -----------------------------------------------------------------------


class SubmissionForm(DatedForm):
    """送审: the materials checklist (each item: a record link, a file reference or text)."""

    violation_type = forms.IntegerField(label="违法行为（裁量基准）", required=False)
    circumstance = forms.ChoiceField(
        label="裁量情形", choices=[("", "—"), *Circumstance.choices], required=False
    )
    resubmission_note = forms.CharField(label="重新送审说明（补正情况）", required=False, **TEXT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, label in Material.choices:
            self.fields[f"{code}_link"] = forms.CharField(
                label=f"{label}：关联记录",
                required=False,
                max_length=100,
                help_text="如 documents.document:12",
            )
            self.fields[f"{code}_reference"] = forms.CharField(
                label=f"{label}：卷宗索引", required=False, max_length=300
            )
            self.fields[f"{code}_text"] = forms.CharField(label=f"{label}：材料内容", required=False, **TEXT)

    def clean(self):
        data = super().clean()
        for code in Material.values:
            link = (data.get(f"{code}_link") or "").strip()
            if link and not LINK_RE.match(link):
                self.add_error(f"{code}_link", "格式应为“应用.模型:标识”，如 evidence.evidence:12")
        if data.get("violation_type") and not data.get("circumstance"):
            self.add_error("circumstance", "选择了违法行为的，须选择裁量情形")
        return data

    def materials(self) -> dict[str, dict]:
        data, out = self.cleaned_data, {}
        for code in Material.values:
            entry = {k: (data.get(f"{code}_{k}") or "").strip() for k in ("link", "reference", "text")}
            if any(entry.values()):
                out[code] = entry
        return out


class ReturnForm(DatedForm):
    missing = forms.MultipleChoiceField(label="缺少的材料", choices=Material.choices, required=False)
    note = forms.CharField(label="其他说明", required=False, widget=forms.Textarea, max_length=2000)

    def clean(self):
        data = super().clean()
        if not data.get("missing") and not data.get("note"):
            raise forms.ValidationError("退回须写明缺少的材料")
        return data


class OpinionForm(DatedForm):
    """REV-05: every one of the seven points answered; 同意 only without a 不符合."""

    opinion = forms.ChoiceField(label="审核意见", choices=Opinion.choices)
    reasons = forms.CharField(label="意见及理由", required=False, **TEXT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, label in Checkpoint.choices:
            self.fields[f"{code}_conclusion"] = forms.ChoiceField(
                label=label, choices=Conclusion.choices, error_messages={"required": f"须对“{label}”作出结论"}
            )
            self.fields[f"{code}_comment"] = forms.CharField(
                label=f"{label}：说明", required=False, widget=forms.Textarea, max_length=4000
            )

    def clean(self):
        data = super().clean()
        failing = [
            label
            for code, label in Checkpoint.choices
            if data.get(f"{code}_conclusion") == Conclusion.NONCOMPLIANT
        ]
        for code, label in Checkpoint.choices:
            if data.get(f"{code}_conclusion") == Conclusion.NONCOMPLIANT and not data.get(f"{code}_comment"):
                self.add_error(f"{code}_comment", f"“{label}”不符合的，须说明问题")
        opinion = data.get("opinion")
        if opinion == Opinion.APPROVE and failing:
            self.add_error("opinion", f"存在不符合的事项（{'、'.join(failing)}），不能出具“同意”意见")
        if opinion in (Opinion.CORRECT, Opinion.DISAPPROVE) and not data.get("reasons"):
            self.add_error("reasons", "出具“需补正”或“不同意”意见的，须写明理由")
        return data

    def answers(self) -> list[tuple[str, str, str]]:
        data = self.cleaned_data
        return [(c, data[f"{c}_conclusion"], data.get(f"{c}_comment") or "") for c in Checkpoint.values]


class AdviserForm(forms.Form):
    adviser_name = forms.CharField(label="姓名", max_length=50)
    adviser_kind = forms.ChoiceField(label="类别", choices=AdviserKind.choices)
    opinion = forms.CharField(label="书面意见", **TEXT)
    given_on = forms.DateField(label="出具日期")

    def clean_given_on(self):
        value = self.cleaned_data["given_on"]
        if value > timezone.localdate():
            raise forms.ValidationError("日期不得晚于今天")
        return value


class ExtensionForm(DatedForm):
    reason = forms.CharField(label="延期理由", widget=forms.Textarea, max_length=2000)


# --- coordination and collective discussion ------------------------------------------------------


class CoordinationForm(DatedForm):
    handling_position = forms.CharField(label="承办机构的意见和理由", **TEXT)


class ReviewPositionForm(DatedForm):
    review_position = forms.CharField(label="法制审核机构的意见和理由", **TEXT)


class CoordinationDecisionForm(DatedForm):
    outcome = forms.ChoiceField(label="协调结果", choices=CoordinationOutcome.choices)
    reasons = forms.CharField(label="理由", required=False, **TEXT)

    def clean(self):
        data = super().clean()
        if data.get("outcome") == CoordinationOutcome.ACCEPT and not data.get("reasons"):
            self.add_error("reasons", "采纳承办机构意见的，须写明理由")
        return data


def _lines(text: str, separator: str, field: str) -> list[tuple[str, str]]:
    rows = []
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        parts = re.split(separator, line, maxsplit=1)
        if len(parts) != 2 or not parts[0].strip() or not parts[1].strip():
            raise forms.ValidationError(f"“{line}”格式不正确", code=field)
        rows.append((parts[0].strip(), parts[1].strip()))
    return rows


class CollectiveForm(forms.Form):
    """APL Art. 57 ¶2 minutes. Participants: one "姓名，职务" a line; opinions: one "姓名：意见" a line."""

    held_on = forms.DateField(label="讨论日期")
    presided_by = forms.CharField(label="主持人", max_length=50)
    participants = forms.CharField(
        label="参加人员（每行：姓名，职务）", widget=forms.Textarea, max_length=4000
    )
    opinions = forms.CharField(label="讨论意见（每行：姓名：意见）", **TEXT)
    conclusion = forms.ChoiceField(label="结论", choices=CollectiveConclusion.choices)
    conclusion_text = forms.CharField(label="决定事项", **TEXT)

    def clean_held_on(self):
        value = self.cleaned_data["held_on"]
        if value > timezone.localdate():
            raise forms.ValidationError("日期不得晚于今天")
        return value

    def clean_participants(self):
        rows = _lines(self.cleaned_data["participants"], r"[，,]", "participants")
        if len(rows) < 3:
            raise forms.ValidationError("集体讨论须有至少 3 名参加人员")
        return [{"name": n, "post": p} for n, p in rows]

    def clean_opinions(self):
        return [
            {"name": n, "opinion": o} for n, o in _lines(self.cleaned_data["opinions"], r"[：:]", "opinions")
        ]

    def clean(self):
        data = super().clean()
        names = {p["name"] for p in data.get("participants") or []}
        if names and data.get("presided_by") and data["presided_by"] not in names:
            self.add_error("presided_by", "主持人须是参加人员之一")
        for row in data.get("opinions") or []:
            if names and row["name"] not in names:
                self.add_error("opinions", f"发表意见的“{row['name']}”不在参加人员中")
        if names and len(data.get("opinions") or []) < len(names):
            self.add_error("opinions", "每名参加人员的意见都须记录")
        return data


class PeriodForm(forms.Form):
    start = forms.DateField(label="起始日期", required=False)
    end = forms.DateField(label="截止日期", required=False)

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        data["end"] = data.get("end") or today
        data["start"] = data.get("start") or data["end"].replace(month=1, day=1)
        if data["start"] > data["end"]:
            self.add_error("start", "起始日期不得晚于截止日期")
        return data
