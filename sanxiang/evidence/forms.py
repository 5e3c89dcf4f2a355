"""Input of the evidence app, shared by the staff UI and the API (through cases.services.form_data)."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone

from sanxiang.core.errors import InvalidInput

from .choices import DeviceKind, DeviceStatus, EvidenceKind, step_choices

CLOCK_SKEW = datetime.timedelta(minutes=5)


def validated(form: forms.Form) -> dict:
    """The cleaned data, or InvalidInput with the form's Chinese messages per field."""
    if not form.is_valid():
        raise InvalidInput(
            "提交的内容有误，请按提示修改", fields={k: [str(m) for m in v] for k, v in form.errors.items()}
        )
    return form.cleaned_data


class EvidenceMetaForm(forms.Form):
    """What is known about a recording besides its bytes (R16, R17)."""

    step = forms.ChoiceField(label="办案环节", choices=step_choices)
    kind = forms.ChoiceField(
        label="类型", required=False, choices=[("", "按扩展名判断"), *EvidenceKind.choices]
    )
    device = forms.UUIDField(label="记录设备", required=False)
    recorded_by = forms.UUIDField(label="记录人", required=False)
    recorded_start = forms.DateTimeField(label="开始记录时间", required=False)
    recorded_end = forms.DateTimeField(label="结束记录时间", required=False)
    place = forms.CharField(label="记录地点", max_length=200, required=False)
    description = forms.CharField(label="内容说明", max_length=2000, required=False, widget=forms.Textarea)

    def clean(self):
        data = super().clean()
        start, end = data.get("recorded_start"), data.get("recorded_end")
        if start and end and end < start:
            self.add_error("recorded_end", "结束记录时间不得早于开始记录时间")
        for name in ("recorded_start", "recorded_end"):
            if data.get(name) and data[name] > timezone.now() + CLOCK_SKEW:
                self.add_error(name, "记录时间不得晚于当前时间（请检查设备时钟，R11）")
        return data


class SessionForm(EvidenceMetaForm):
    """POST /evidence/uploads: open a resumable upload."""

    filename = forms.CharField(label="文件名", max_length=1000)
    size = forms.IntegerField(label="文件大小（字节）", min_value=1)
    sha256 = forms.RegexField(label="SHA-256", regex=r"^[0-9a-fA-F]{64}$", required=False)
    content_type = forms.CharField(label="媒体类型", max_length=200, required=False)
    derived_from = forms.UUIDField(label="原件", required=False)
    derivation = forms.CharField(label="处理说明", max_length=200, required=False)

    def clean(self):
        data = super().clean()
        if data.get("derived_from") and not (data.get("derivation") or "").strip():
            self.add_error("derivation", "生成副本须说明处理方式（如：打码、转码）")
        return data


class UploadForm(EvidenceMetaForm):
    """The staff UI's single-request upload for files up to the form limit."""

    file = forms.FileField(label="文件")


class DerivativeForm(forms.Form):
    file = forms.FileField(label="副本文件")
    note = forms.CharField(label="处理说明", max_length=200)


class DeviceForm(forms.Form):
    number = forms.CharField(label="设备编号", max_length=40)
    kind = forms.ChoiceField(label="设备类型", choices=DeviceKind.choices)
    model = forms.CharField(label="型号", max_length=100, required=False)
    status = forms.ChoiceField(label="状态", choices=DeviceStatus.choices, initial=DeviceStatus.ACTIVE)
    assigned_officer = forms.UUIDField(label="使用人", required=False)


class DeviceChangeForm(forms.Form):
    status = forms.ChoiceField(label="状态", choices=DeviceStatus.choices, required=False)
    assigned_officer = forms.UUIDField(label="使用人", required=False)
    model = forms.CharField(label="型号", max_length=100, required=False)


class PolicyForm(forms.Form):
    officers_per_device = forms.IntegerField(label="每台执法记录仪对应执法人员数", min_value=1, max_value=50)
