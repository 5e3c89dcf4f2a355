"""Admin: body templates are uploaded here (through the service's checks); documents are read-only.

Documents appear to the audit admin only, as metadata and hashes to compare with the ledger: the
system admin sees no case content (AUTHZ-01), and nobody edits or deletes a document here.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from sanxiang.core.errors import DomainError
from sanxiang.orgs import permissions as perm
from sanxiang.orgs.admin_access import GrantedAdminMixin

from . import services
from .models import Document, DocumentTemplate


class TemplateUploadForm(forms.ModelForm):
    file = forms.FileField(
        label="模板文件（.docx）", help_text="可先下载系统默认模板，在 Word 或 WPS 中修改后上传"
    )

    class Meta:
        model = DocumentTemplate
        fields = ["body", "kind", "note"]

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload and data.get("kind"):
            try:
                services.check_template(data["kind"], upload.read())
            except DomainError as exc:
                self.add_error("file", exc.message)
            upload.seek(0)
        body = data.get("body")
        if body and not services.may_manage_templates(self.request_user, body):
            self.add_error("body", "您没有管理该执法主体文书模板的权限")
        return data


@admin.register(DocumentTemplate)
class DocumentTemplateAdmin(GrantedAdminMixin, admin.ModelAdmin):
    admin_action = perm.ORGS_MANAGE
    form = TemplateUploadForm
    list_display = ["body", "kind", "version", "original_name", "uploaded_by", "uploaded_at", "download"]
    list_filter = ["kind", "body"]
    readonly_fields = ["version", "sha256", "size", "variables", "uploaded_by", "uploaded_at", "ledger_index"]

    @admin.display(description="下载")
    def download(self, obj):
        return format_html('<a href="{}">.docx</a>', reverse("documents:template_version", args=[obj.pk]))

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.request_user = request.user
        return form

    def get_fields(self, request, obj=None):
        return (
            ["body", "kind", "file", "note"]
            if obj is None
            else ["body", "kind", "note", *self.readonly_fields]
        )

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        row = services.upload_template(
            data["body"], data["kind"], data["file"], request.user, data.get("note", "")
        )
        for field in DocumentTemplate._meta.concrete_fields:
            setattr(obj, field.attname, getattr(row, field.attname))
        obj._state.adding = False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Document)
class DocumentAdmin(GrantedAdminMixin, admin.ModelAdmin):
    admin_action = perm.AUDIT_VIEW
    read_only = True
    list_display = ["number", "kind", "status", "issued_on", "template_version", "ledger_index"]
    list_filter = ["kind", "status"]
    search_fields = ["=number", "=pdf_sha256", "=docx_sha256"]
    fields = [
        "public_id",
        "kind",
        "number",
        "status",
        "issued_on",
        "issued_at",
        "template_version",
        "template_sha256",
        "docx_sha256",
        "docx_sm3",
        "docx_size",
        "pdf_sha256",
        "pdf_sm3",
        "pdf_size",
        "superseded_at",
        "ledger_index",
    ]
    readonly_fields = fields
    show_full_result_count = False
