"""Forms of the disclosure actions other than item content (see content.py for that)."""

from __future__ import annotations

from django import forms

from .choices import ChangeKind


class ReturnForm(forms.Form):
    reason = forms.CharField(label="退回理由", widget=forms.Textarea, max_length=2000)


class BasisChangeForm(forms.Form):
    """DISC-12: a law was made, amended or repealed, or the body's duties changed."""

    kind = forms.ChoiceField(label="变更类型", choices=ChangeKind.choices)
    law = forms.CharField(
        label="法律法规或职责文件名称",
        max_length=200,
        help_text="如《中华人民共和国食品安全法》；公开事项中引用该名称的，将送复核",
    )
    changed_on = forms.DateField(label="变更日期")
    note = forms.CharField(label="变更说明", required=False, widget=forms.Textarea)
    items = forms.MultipleChoiceField(
        label="指定送复核的事项",
        required=False,
        help_text="不指定时：法律法规变更按名称查找引用该法的公开事项；职责调整送复核全部公开事项",
    )

    def __init__(self, *args, item_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].choices = list(item_choices)


class WindowForm(forms.Form):
    name = forms.CharField(label="窗口（岗位）名称", max_length=100)
    location = forms.CharField(label="所在位置", max_length=200, required=False)
    duties = forms.CharField(label="岗位职责", widget=forms.Textarea)
    sample_forms = forms.CharField(
        label="示范文本（样表）", required=False, widget=forms.Textarea, help_text="每行一项"
    )
    progress_query = forms.CharField(label="办理进度查询方式", max_length=200)
    complaint = forms.CharField(label="监督投诉渠道", max_length=200)
    is_active = forms.BooleanField(label="公示中", required=False, initial=True)
    staff = forms.TypedMultipleChoiceField(
        label="在岗人员", coerce=int, help_text="从执法人员库中选择；持有执法证的人员，公示牌上印有亮证二维码"
    )

    def __init__(self, *args, officer_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].choices = list(officer_choices)
