"""The shared input forms: the staff UI, the portal and the API validate through the same ones."""

from __future__ import annotations

import datetime

from django import forms

from .choices import ComplaintKind, NoticeKind

TEXT = {"max_length": 2000}


class PlanForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    title = forms.CharField(label="名称", max_length=200)
    scope = forms.CharField(label="检查范围与内容", widget=forms.Textarea, required=False, max_length=4000)
    window_start = forms.DateField(label="检查开始日期")
    window_end = forms.DateField(label="检查结束日期")
    cases_from = forms.DateField(label="抽取案卷结案日期起")
    cases_to = forms.DateField(label="抽取案卷结案日期止")
    per_stratum = forms.IntegerField(label="每层抽取案卷数", min_value=1, max_value=50, initial=2)
    bodies = forms.MultipleChoiceField(label="被检查主体", choices=[])

    def __init__(self, *args, body_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bodies"].choices = list(body_choices)

    def clean(self):
        data = super().clean()
        if data.get("window_start") and data.get("window_end") and data["window_end"] < data["window_start"]:
            self.add_error("window_end", "检查结束日期不得早于开始日期")
        if data.get("cases_from") and data.get("cases_to") and data["cases_to"] < data["cases_from"]:
            self.add_error("cases_to", "结案日期止不得早于起")
        return data


class TeamForm(forms.Form):
    name = forms.CharField(label="评查组名称", max_length=100)


class MemberForm(forms.Form):
    user = forms.IntegerField(label="评查人员")


class TeamBodyForm(forms.Form):
    body = forms.IntegerField(label="负责评查的主体")


class DrawForm(forms.Form):
    seed = forms.RegexField(
        label="随机种子",
        regex=r"^[0-9A-Za-z-]{1,64}$",
        required=False,
        error_messages={"invalid": "随机种子只能由字母、数字和连字符组成（最多 64 位）"},
        help_text="留空则由系统生成；可填写公开摇号产生的数字",
    )


class EvaluationForm(forms.Form):
    """Findings come as `defects_<item id>` (and `note_<item id>`) fields, built from the rubric."""

    comments = forms.CharField(label="评查意见", widget=forms.Textarea, required=False, max_length=4000)

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        for item in self.items:
            if item.section == "veto":
                self.fields[f"defects_{item.pk}"] = forms.BooleanField(label=item.label, required=False)
            else:
                self.fields[f"defects_{item.pk}"] = forms.IntegerField(
                    label=f"{item.label}（每处扣 {item.points_per_defect} 分，最多 {item.max_points} 分）",
                    min_value=0,
                    max_value=99,
                    required=False,
                )
            self.fields[f"note_{item.pk}"] = forms.CharField(label="问题说明", max_length=500, required=False)

    def findings(self) -> dict[int, tuple[int, str]]:
        found = {}
        for item in self.items:
            value = self.cleaned_data.get(f"defects_{item.pk}")
            defects = (1 if value else 0) if item.section == "veto" else (value or 0)
            if defects:
                found[item.pk] = (defects, self.cleaned_data.get(f"note_{item.pk}", ""))
        return found


class NoticeForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=NoticeKind.choices)
    body = forms.IntegerField(label="被监督主体")
    title = forms.CharField(label="标题", max_length=200)
    text = forms.CharField(label="正文", widget=forms.Textarea, max_length=8000)
    items = forms.CharField(
        label="整改事项",
        widget=forms.Textarea,
        max_length=8000,
        help_text="每行一项；期限默认为下发之日起 30 日（SUP-01）",
    )
    plan = forms.IntegerField(label="专项检查", required=False)

    def clean_items(self):
        lines = [line.strip() for line in self.cleaned_data["items"].splitlines() if line.strip()]
        if not lines:
            raise forms.ValidationError("至少填写一项整改事项")
        if len(lines) > 50:
            raise forms.ValidationError("整改事项最多 50 项")
        return lines


class IssueForm(forms.Form):
    date = forms.DateField(label="下发日期", required=False)
    days = forms.IntegerField(label="整改期限（日）", min_value=1, max_value=365, initial=30, required=False)


class ResponseForm(forms.Form):
    text = forms.CharField(label="整改情况", widget=forms.Textarea, max_length=8000)


class VerifyForm(forms.Form):
    accepted = forms.TypedChoiceField(
        label="核查结论", choices=[("yes", "通过"), ("no", "不通过")], coerce=lambda v: v == "yes"
    )
    note = forms.CharField(label="核查意见", widget=forms.Textarea, required=False, max_length=4000)
    new_deadline = forms.DateField(label="重新整改期限（不通过时）", required=False)


class ComplaintForm(forms.Form):
    kind = forms.ChoiceField(
        label="类型", choices=ComplaintKind.choices, error_messages={"required": "请选择类型"}
    )
    about_body = forms.TypedChoiceField(
        label="被投诉举报的执法主体", choices=[], required=False, coerce=int, empty_value=None
    )
    subject = forms.CharField(
        label="事由",
        max_length=100,
        error_messages={"required": "请填写事由", "max_length": "事由最多 100 字"},
    )
    content = forms.CharField(
        label="具体内容",
        widget=forms.Textarea,
        min_length=10,
        max_length=4000,
        error_messages={
            "required": "请填写具体内容",
            "min_length": "具体内容至少 10 个字",
            "max_length": "具体内容最多 4000 字",
        },
    )
    name = forms.CharField(label="姓名（选填）", max_length=50, required=False)
    phone = forms.RegexField(
        label="联系电话（选填）",
        regex=r"^[0-9+\- ]{7,20}$",
        required=False,
        error_messages={"invalid": "请填写正确的联系电话"},
    )
    # A honeypot: hidden from people by CSS; bots fill every field.
    website = forms.CharField(label="网址", required=False)

    def __init__(self, *args, body_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["about_body"].choices = [("", "不清楚 / 由司法局转办"), *body_choices]


class TrackForm(forms.Form):
    code = forms.RegexField(
        label="查询码",
        regex=r"^[0-9A-Za-z]{12}$",
        error_messages={"required": "请输入查询码", "invalid": "查询码为 12 位字母或数字"},
    )


class TransferForm(forms.Form):
    body = forms.IntegerField(label="转办至主体（留空为司法局）", required=False)
    note = forms.CharField(label="说明", widget=forms.Textarea, required=False, max_length=2000)


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label="答复意见（将向投诉人公开，请勿填写个人信息）", widget=forms.Textarea, max_length=8000
    )


class ArticleForm(forms.Form):
    title = forms.CharField(label="标题", max_length=200)
    summary = forms.CharField(label="摘要", max_length=300, required=False)
    text = forms.CharField(label="正文", widget=forms.Textarea, max_length=20000)
    body = forms.IntegerField(label="经验单位", required=False)


class YearForm(forms.Form):
    year = forms.IntegerField(min_value=2000, max_value=2100, required=False)

    def year_or(self, default: datetime.date) -> int:
        if self.is_valid() and self.cleaned_data.get("year"):
            return self.cleaned_data["year"]
        return default.year
