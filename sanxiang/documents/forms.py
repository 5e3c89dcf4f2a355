"""Input forms shared by the staff UI and the API: manual documents, signatures, corrections."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone

from sanxiang.cases.choices import ServiceMethod
from sanxiang.orgs.models import Officer
from sanxiang.orgs.validators import is_valid_id_number

from . import kinds
from .choices import MAY_REFUSE, DocumentKind, DocumentStatus, SignatureOutcome, SignerRole

LONG_TEXT = 20000


def _officer_choices(case) -> list[tuple[int, str]]:
    return [(o.pk, o.name) for o in Officer.objects.filter(body=case.body, is_active=True).order_by("name")]


def _not_future(moment: datetime.datetime) -> None:
    if moment > timezone.now() + datetime.timedelta(minutes=5):
        raise forms.ValidationError("时间不得晚于当前时间")


class CaseForm(forms.Form):
    """A form that offers the case's officers (and documents) as choices."""

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case
        assigned = list(case.assignments.order_by("id").values_list("officer_id", flat=True))
        for name in ("inspectors", "recorder", "questioner"):
            if name in self.fields:
                self.fields[name].choices = _officer_choices(case)
        if assigned:  # defaults: the lead officer asks, the assistant records, both inspect
            self.initial.setdefault("inspectors", assigned[:2])
            self.initial.setdefault("questioner", assigned[0])
            self.initial.setdefault("recorder", assigned[-1])

    def _officers(self, ids) -> list[Officer]:
        found = {o.pk: o for o in Officer.objects.filter(pk__in=ids, body=self.case.body, is_active=True)}
        return [found[i] for i in ids if i in found]


class RecordForm(CaseForm):
    """A 笔录 made on the spot: when, where, and that credentials were shown (CASE-02)."""

    started_at = forms.DateTimeField(label="开始时间")
    ended_at = forms.DateTimeField(label="结束时间")
    place = forms.CharField(label="地点", max_length=200)
    credential_shown = forms.BooleanField(
        label="已出示执法证件并告知权利义务",
        error_messages={"required": "CASE-02：须出示执法证件、表明身份，并在笔录中注明"},
    )
    recorder = forms.TypedChoiceField(label="记录人", coerce=int)

    def clean(self):
        data = super().clean()
        start, end = data.get("started_at"), data.get("ended_at")
        if start and end:
            data["started_at"], data["ended_at"] = timezone.localtime(start), timezone.localtime(end)
            if end <= start:
                self.add_error("ended_at", "结束时间须晚于开始时间")
            try:
                _not_future(end)
            except forms.ValidationError as exc:
                self.add_error("ended_at", exc)
        if data.get("recorder"):
            data["recorder"] = next(iter(self._officers([data["recorder"]])), None)
        if start:
            data["date"] = timezone.localtime(start).date()
        return data


class InspectionRecordForm(RecordForm):
    inspectors = forms.TypedMultipleChoiceField(label="检查人员", coerce=int)
    present_person = forms.CharField(label="现场负责人或在场人员", required=False, max_length=100)
    findings = forms.CharField(label="现场检查情况", widget=forms.Textarea, max_length=LONG_TEXT)
    witness = forms.CharField(label="见证人", required=False, max_length=100)

    field_order = ["started_at", "ended_at", "place", "inspectors", "recorder", "present_person"]

    def clean(self):
        data = super().clean()
        if "inspectors" in data:
            inspectors = self._officers(data["inspectors"])
            day = data.get("date") or timezone.localdate()
            valid = [o for o in inspectors if o.valid_credential_on(day)]
            if len(valid) < 2:
                self.add_error("inspectors", "CASE-01：检查须由两名以上持有效执法证件的执法人员进行")
            data["inspectors"] = inspectors
        return data


class InterviewRecordForm(RecordForm):
    questioner = forms.TypedChoiceField(label="询问人", coerce=int)
    interviewee_name = forms.CharField(label="被询问人姓名", max_length=50)
    interviewee_id_number = forms.CharField(label="公民身份号码", required=False, max_length=18)
    interviewee_unit = forms.CharField(label="工作单位及职务", required=False, max_length=100)
    interviewee_phone = forms.RegexField(
        label="联系电话",
        required=False,
        regex=r"^[0-9+\-]{6,20}$",
        error_messages={"invalid": "电话号码格式不正确"},
    )
    interviewee_address = forms.CharField(label="住址", required=False, max_length=200)
    interviewee_postcode = forms.RegexField(
        label="邮政编码",
        required=False,
        regex=r"^\d{6}$",
        error_messages={"invalid": "邮政编码应为 6 位数字"},
    )
    relation = forms.CharField(
        label="与本案关系", max_length=50, help_text="如：当事人、法定代表人、员工、证人"
    )
    qa = forms.CharField(
        label="询问记录",
        widget=forms.Textarea,
        max_length=LONG_TEXT,
        help_text="每行一问或一答，如“问：……”“答：……”",
    )

    field_order = ["started_at", "ended_at", "place", "questioner", "recorder", "interviewee_name"]

    def clean_interviewee_id_number(self):
        value = (self.cleaned_data.get("interviewee_id_number") or "").strip().upper()
        if value and not is_valid_id_number(value):
            raise forms.ValidationError("公民身份号码格式、出生日期或校验位不正确（GB 11643）")
        return value

    def clean(self):
        data = super().clean()
        if data.get("questioner"):
            data["questioner"] = next(iter(self._officers([data["questioner"]])), None)
        if data.get("questioner") and data.get("recorder") and data["questioner"] == data["recorder"]:
            self.add_error("recorder", "CASE-01：询问须由两名执法人员进行，记录人不得与询问人为同一人")
        return data


class ServiceReceiptForm(CaseForm):
    """送达回证 for a document other than the decision (the decision's is made by the serve step)."""

    served_document = forms.ChoiceField(label="送达的文书")
    recipient = forms.CharField(label="受送达人", max_length=100)
    service_method = forms.ChoiceField(label="送达方式", choices=ServiceMethod.choices)
    served_on = forms.DateField(label="送达日期")
    service_place = forms.CharField(label="送达地点", required=False, max_length=200)
    note = forms.CharField(
        label="备注",
        required=False,
        widget=forms.Textarea,
        max_length=2000,
        help_text="留置送达的，写明留置情况和见证人",
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, case=case, **kwargs)
        letters = [k.code for k in kinds.KINDS.values() if k.layout == "letter"]
        self.documents = {
            str(d.public_id): d
            for d in case.documents.filter(status=DocumentStatus.ISSUED, kind__in=letters).order_by(
                "issued_at"
            )
        }
        self.fields["served_document"].choices = [
            (k, f"{d.title} {d.number}") for k, d in self.documents.items()
        ]
        self.fields["recipient"].initial = "、".join(p.name for p in case.parties.all())
        self.fields["served_on"].initial = timezone.localdate()

    def clean(self):
        data = super().clean()
        document = self.documents.get(data.get("served_document") or "")
        served_on = data.get("served_on")
        if document and served_on:
            if served_on < document.issued_on:
                self.add_error("served_on", "送达日期不得早于文书日期")
            if served_on > timezone.localdate():
                self.add_error("served_on", "送达日期不得晚于今天")
        if data.get("service_method") == ServiceMethod.LEFT and not data.get("note"):
            self.add_error("note", "留置送达须在备注中写明留置情况和见证人")
        if document:
            data["served_document"] = f"{document.title} {document.number}".strip()
            data["date"] = served_on
        return data


MANUAL_FORMS: dict[str, type[CaseForm]] = {
    DocumentKind.INSPECTION_RECORD: InspectionRecordForm,
    DocumentKind.INTERVIEW_RECORD: InterviewRecordForm,
    DocumentKind.SERVICE_RECEIPT: ServiceReceiptForm,
}


class SignatureForm(forms.Form):
    """Who signed (or refused to sign) which document, when, with the signed scan (W8, W11)."""

    role = forms.ChoiceField(label="签名人身份", choices=SignerRole.choices)
    outcome = forms.ChoiceField(label="结果", choices=SignatureOutcome.choices)
    signer_name = forms.CharField(label="签名人姓名", max_length=100, required=False)
    officer = forms.TypedChoiceField(label="执法人员", coerce=int, required=False, empty_value=None)
    signed_at = forms.DateTimeField(label="签名（拒签）时间", required=False, help_text="默认为现在")
    witness_name = forms.CharField(label="见证人", max_length=100, required=False)
    note = forms.CharField(label="备注", required=False, widget=forms.Textarea, max_length=2000)
    scan = forms.FileField(label="签名页扫描件（PDF、JPEG 或 PNG）", required=False)

    def __init__(self, *args, document, **kwargs):
        super().__init__(*args, **kwargs)
        self.document = document
        self.fields["officer"].choices = [("", "——"), *_officer_choices(document.case)]

    def clean(self):
        data = super().clean()
        role, outcome = data.get("role"), data.get("outcome")
        signed_at = timezone.localtime(data.get("signed_at") or timezone.now())
        data["signed_at"] = signed_at
        try:
            _not_future(signed_at)
        except forms.ValidationError as exc:
            self.add_error("signed_at", exc)
        if signed_at.date() < self.document.issued_on:
            self.add_error("signed_at", "签名时间不得早于文书日期")
        officer = None
        if data.get("officer"):
            officer = Officer.objects.filter(pk=data["officer"], body=self.document.case.body).first()
        data["officer"] = officer
        if role in (SignerRole.OFFICER, SignerRole.HOST):
            if officer is None:
                self.add_error("officer", "执法人员签名须选择本机关的执法人员")
            else:
                data["signer_name"] = officer.name
        elif not data.get("signer_name"):
            self.add_error("signer_name", "请填写签名人姓名")
        if outcome == SignatureOutcome.REFUSED:
            if role not in MAY_REFUSE:
                self.add_error("outcome", "只有当事人、受送达人或被询问人可以拒绝签名")
            if not data.get("witness_name"):
                self.add_error("witness_name", "拒绝签名的，须由见证人签名并注明（留置送达/拒绝签字）")
        elif outcome == SignatureOutcome.SIGNED and not data.get("scan"):
            self.add_error("scan", "请上传签名页扫描件")
        return data


class CorrectionForm(forms.Form):
    reason = forms.CharField(label="更正理由", widget=forms.Textarea, max_length=2000)


class TemplateUploadForm(forms.Form):
    kind = forms.ChoiceField(label="文书种类", choices=DocumentKind.choices)
    file = forms.FileField(label="模板文件（.docx）")
    note = forms.CharField(label="说明", required=False, max_length=200)
