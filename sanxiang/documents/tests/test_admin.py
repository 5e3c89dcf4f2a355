"""Admin: documents are read-only metadata for the audit admin; nobody else sees them there."""

import pytest
from django.urls import reverse

from sanxiang.documents.choices import DocumentKind as K
from sanxiang.orgs.choices import Role
from sanxiang.testing import factories as f
from sanxiang.testing import flow

from .support import current

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_render", "web")]
BACKEND = "django.contrib.auth.backends.ModelBackend"


def test_the_audit_admin_reads_document_metadata_and_nobody_changes_it(client, cast, new_case, today):
    notice = current(flow.to_notice(cast, new_case(), today), K.PENALTY_NOTICE)
    auditor = f.make_user("audit", Role.AUDIT_ADMIN)
    client.force_login(auditor, backend=BACKEND)
    listing = client.get(reverse("admin:documents_document_changelist"))
    assert listing.status_code == 200 and notice.number in listing.content.decode()
    page = client.get(reverse("admin:documents_document_change", args=[notice.pk])).content.decode()
    assert notice.pdf_sm3 in page and "王某某" not in page  # hashes, not case content
    assert client.get(reverse("admin:documents_document_add")).status_code == 403
    assert (
        client.post(reverse("admin:documents_document_delete", args=[notice.pk]), {"post": "yes"}).status_code
        == 403
    )
    client.force_login(cast.sysadmin, backend=BACKEND)
    assert client.get(reverse("admin:documents_document_changelist")).status_code == 403
