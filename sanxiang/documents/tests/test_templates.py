"""Body templates: a real .docx whose variables the kind knows, versioned, the version recorded."""

import io
import json

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sanxiang.cases import services as cases
from sanxiang.core.errors import Forbidden, InvalidInput
from sanxiang.documents import kinds, services
from sanxiang.documents.choices import DocumentKind as K
from sanxiang.documents.models import DocumentTemplate
from sanxiang.documents.rendering import defaults
from sanxiang.ledger.models import Entry

from .support import current, docx_text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_pdf")]


def edited(kind: str, *lines: str) -> bytes:
    """The shipped template with extra paragraphs, as a body would save it from Word."""
    document = docx.Document(io.BytesIO(defaults.load(kind)[0]))
    for line in lines:
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_body_template_is_used_and_its_version_recorded(cast, new_case):
    first = services.upload_template(
        cast.body_a, K.FILING_APPROVAL, edited(K.FILING_APPROVAL, "本局第一版"), cast.sysadmin
    )
    second = services.upload_template(
        cast.body_a, K.FILING_APPROVAL, edited(K.FILING_APPROVAL, "本局第二版：{{ cause }}"), cast.chief_a
    )
    assert (first.version, second.version) == (1, 2) and DocumentTemplate.objects.count() == 2
    assert "cause" in second.variables
    case = new_case()
    cases.run_transition(cast.head_a, case.pk, "file_case", {})
    document = current(case, K.FILING_APPROVAL)
    assert document.template == second and document.template_version == 2
    assert document.template_sha256 == second.sha256
    assert "本局第二版：销售过期食品" in docx_text(
        services.document_file(cast.officer_a, document, "docx")[1]
    )
    payload = json.loads(Entry.objects.get(index=document.ledger_index).payload)
    assert payload["template_version"] == 2 and payload["template_sha256"] == second.sha256
    assert Entry.objects.get(index=second.ledger_index).kind == "document.template_uploaded"


def test_another_body_keeps_the_default(cast):
    services.upload_template(cast.body_a, K.FILING_APPROVAL, edited(K.FILING_APPROVAL), cast.sysadmin)
    row, data, sha256 = services.current_template(cast.body_b, K.FILING_APPROVAL)
    assert row is None and (data, sha256) == defaults.load(K.FILING_APPROVAL)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"%PDF-1.4 not a word file", "不是有效的 Word 文档"),
        (b"PK\x03\x04 broken zip", "不是有效的 Word 文档"),
        (edited(K.PENALTY_NOTICE, "{{ secret_key }}、{{ party.id }}"), "不支持的变量：party、secret_key"),
        (edited(K.PENALTY_NOTICE, "{{ cause "), "模板语法错误"),
        (edited(K.PENALTY_NOTICE, "{{ cause.__class__.__mro__ }}"), "模板无法填充"),
    ],
)
def test_bad_templates_are_refused_with_chinese_messages(cast, content, message):
    with pytest.raises(InvalidInput) as refused:
        services.upload_template(cast.body_a, K.PENALTY_NOTICE, content, cast.sysadmin)
    assert message in refused.value.message
    assert not DocumentTemplate.objects.exists()


def test_a_template_without_the_legally_required_content_is_refused(cast):
    document = docx.Document()
    document.add_paragraph("{{ title }} {{ number }} {{ party_name }}")
    out = io.BytesIO()
    document.save(out)
    with pytest.raises(InvalidInput) as refused:
        services.upload_template(cast.body_a, K.PENALTY_DECISION, out.getvalue(), cast.sysadmin)
    assert "必备内容" in refused.value.message and "remedies" in refused.value.message


def test_only_administrators_and_the_agency_head_manage_templates(cast):
    with pytest.raises(Forbidden):
        services.upload_template(cast.body_a, K.FILING_APPROVAL, edited(K.FILING_APPROVAL), cast.officer_a)
    with pytest.raises(Forbidden):
        services.upload_template(cast.body_a, K.FILING_APPROVAL, edited(K.FILING_APPROVAL), cast.chief_b)


def test_the_shipped_templates_are_what_the_generator_builds(cast):
    for code, kind in kinds.KINDS.items():
        assert defaults.path_for(code).read_bytes() == defaults.build(kind), (
            f"rebuild {code}: sanxiang document_templates"
        )
        assert services.check_template(code, defaults.load(code)[0], dry_run=False)


def test_the_admin_uploads_a_version_through_the_same_checks(client, cast, web):
    client.force_login(cast.sysadmin, backend="django.contrib.auth.backends.ModelBackend")
    url = reverse("admin:documents_documenttemplate_add")
    bad = {"body": cast.body_a.pk, "kind": K.PENALTY_NOTICE, "file": SimpleUploadedFile("x.docx", b"nope")}
    response = client.post(url, bad)
    assert response.status_code == 200 and "不是有效的 Word 文档" in response.content.decode()
    good = dict(bad, file=SimpleUploadedFile("告知书.docx", edited(K.PENALTY_NOTICE, "本局版")))
    response = client.post(url, good)
    assert response.status_code == 302
    row = DocumentTemplate.objects.get()
    assert row.version == 1 and row.original_name == "告知书.docx" and row.uploaded_by == cast.sysadmin
    download = client.get(reverse("documents:template_version", args=[row.pk]))
    assert download.status_code == 200 and download.content[:2] == b"PK"
    change = client.post(reverse("admin:documents_documenttemplate_change", args=[row.pk]), {"note": "x"})
    assert change.status_code in (302, 403) and DocumentTemplate.objects.get().note == ""
