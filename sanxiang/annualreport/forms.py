"""Input of the annual report: the year to generate, and the hand-entered lines plus the narrative."""

from __future__ import annotations

import re

from django import forms

from .figures import BY_CODE, MANUAL_CODES

MAX_FIGURE = 10_000_000
# PUB-01: the narrative is published; it is about the year's work, never about a person.
PERSONAL_PATTERNS = (
    (re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)|(?<!\d)\d{15}(?!\d)"), "身份证号码"),
    (re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)"), "手机号码"),
    (re.compile(r"(?<!\d)\d{16,19}(?!\d)"), "银行卡号"),
)


class GenerateForm(forms.Form):
    year = forms.IntegerField(label="统计年度", min_value=2000, max_value=2999)
    body = forms.IntegerField(label="执法主体", required=False, help_text="留空表示全市汇总年报")


class DraftForm(forms.Form):
    """Every manual line (whole numbers ≥ 0; blank = not yet entered) and the narrative."""

    narrative = forms.CharField(
        label="年度工作情况说明", required=False, widget=forms.Textarea, max_length=20000
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code in MANUAL_CODES:
            line = BY_CODE[code]
            self.fields[code] = forms.IntegerField(
                label=f"{line.label}（{line.unit}）",
                required=False,
                min_value=0,
                max_value=MAX_FIGURE,
                help_text=line.definition,
            )

    def clean_narrative(self) -> str:
        text = self.cleaned_data.get("narrative") or ""
        for pattern, what in PERSONAL_PATTERNS:
            if pattern.search(text):
                raise forms.ValidationError(f"说明将向社会公开，不得包含{what}等个人信息（PUB-01）")
        return text.strip()


class ReasonForm(forms.Form):
    reason = forms.CharField(label="退回理由", max_length=2000, widget=forms.Textarea)
