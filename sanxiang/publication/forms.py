"""Forms of publication: the public search and the staff steps (the API validates with the same ones)."""

from __future__ import annotations

from django import forms

from sanxiang.orgs.models import EnforcementBody

from .choices import BlockReason, PublicationKind


class SearchForm(forms.Form):
    q = forms.CharField(label="关键词", required=False, max_length=100)
    body = forms.ModelChoiceField(
        label="执法主体",
        queryset=EnforcementBody.objects.filter(is_active=True),
        required=False,
        empty_label="全部",
    )
    kind = forms.ChoiceField(
        label="决定类别", choices=[("", "全部"), *PublicationKind.choices], required=False
    )
    start = forms.DateField(
        label="决定日期自", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(label="至", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError("起始日期不能晚于截止日期")
        return data

    def filters(self) -> dict:
        data = self.cleaned_data
        return {
            "q": data.get("q") or "",
            "body_id": data["body"].pk if data.get("body") else None,
            "kind": data.get("kind") or "",
            "start": data.get("start"),
            "end": data.get("end"),
        }


class PhraseForm(forms.Form):
    phrase = forms.CharField(label="要隐去的文字", max_length=200)


class PositionForm(forms.Form):
    position = forms.IntegerField(label="隐去记录序号", min_value=0)


class NoteForm(forms.Form):
    note = forms.CharField(label="意见", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReasonForm(forms.Form):
    reason = forms.CharField(label="理由", widget=forms.Textarea(attrs={"rows": 2}))


class BlockForm(forms.Form):
    reason = forms.ChoiceField(label="不予公开的理由（DISC-11）", choices=BlockReason.choices)


class RemovalDecisionForm(forms.Form):
    accept = forms.BooleanField(label="同意提前移除", required=False)
    note = forms.CharField(label="理由", required=False, widget=forms.Textarea(attrs={"rows": 2}))
