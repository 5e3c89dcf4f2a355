"""Every read of documents, scoped to the acting user through orgs.access (same rules as the case)."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from sanxiang.cases.models import Case
from sanxiang.core.ids import parse_public_id
from sanxiang.orgs import access
from sanxiang.orgs import permissions as perm

from .models import Document, DocumentTemplate, Signature


def visible_documents(user) -> QuerySet[Document]:
    return access.scope(user, Document.objects.all(), perm.CASE_VIEW)


def case_for(user, case_id: int) -> Case:
    return access.get_for(user, Case.objects.select_related("body"), pk=case_id)


def case_documents(user, case_id: int) -> tuple[Case, list[Document]]:
    """A case the user may see and its documents, current and superseded, oldest first."""
    case = case_for(user, case_id)
    documents = (
        Document.objects.filter(case=case)
        .select_related("case", "event", "issued_by", "corrects")
        .prefetch_related(
            Prefetch("signatures", queryset=Signature.objects.order_by("signed_at", "id")), "corrections"
        )
        .order_by("issued_at", "id")
    )
    return case, list(documents)


def case_by_public_id(user, public_id: str) -> Case:
    return access.get_for(user, Case.objects.select_related("body"), public_id=parse_public_id(public_id))


def document_detail(user, **lookup) -> Document:
    queryset = Document.objects.select_related(
        "case__body", "event", "corrects", "issued_by"
    ).prefetch_related(
        Prefetch("signatures", queryset=Signature.objects.order_by("signed_at", "id")), "corrections"
    )
    return access.get_for(user, queryset, **lookup)


def document_by_public_id(user, public_id: str) -> Document:
    return document_detail(user, public_id=parse_public_id(public_id))


def template_versions(body, kind: str) -> QuerySet[DocumentTemplate]:
    return DocumentTemplate.objects.filter(body=body, kind=kind).order_by("-version")


def template_by_id(template_id: int) -> DocumentTemplate | None:
    return DocumentTemplate.objects.select_related("body").filter(pk=template_id).first()
