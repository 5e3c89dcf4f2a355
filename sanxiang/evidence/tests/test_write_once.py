"""EVD-02: originals are write-once; copies are new objects linked to their original."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.db.utils import DatabaseError

from sanxiang.core.errors import Forbidden
from sanxiang.evidence.errors import ImmutableEvidence
from sanxiang.evidence.models import CustodyEvent, Evidence
from sanxiang.evidence.services import add_derivative

from .conftest import assert_error, mp4

pytestmark = pytest.mark.django_db


@pytest.fixture
def original(api, new_case):
    evidence = api.upload(new_case(), mp4(50_000), name="原始录像.mp4").json()
    return Evidence.objects.get(public_id=evidence["id"])


def test_the_model_refuses_content_changes_and_every_delete(original):
    original.name = "renamed.mp4"
    with pytest.raises(ImmutableEvidence):
        original.save()
    with pytest.raises(ImmutableEvidence):
        original.save(update_fields=["name"])
    with pytest.raises(ImmutableEvidence):
        original.delete()
    with pytest.raises(ImmutableEvidence):
        Evidence.objects.filter(pk=original.pk).update(sha256="0" * 64)
    with pytest.raises(ImmutableEvidence):
        Evidence.objects.all().delete()
    with pytest.raises(ImmutableEvidence):
        CustodyEvent.objects.first().delete()
    original.refresh_from_db()
    assert original.name == "原始录像.mp4" and original.retain_until is None


def test_the_api_answers_405_to_any_change_of_an_original(api, original):
    for method in ("PUT", "PATCH", "DELETE"):
        assert_error(api.send(method, f"/evidence/{original.public_id}", b"{}"), 405, "method_not_allowed")
    assert Evidence.objects.get(pk=original.pk).name == "原始录像.mp4"


def test_a_redacted_copy_is_a_new_object_linked_to_its_original(cast, original):
    copy = add_derivative(cast.officer_a, original, SimpleUploadedFile("打码版.mp4", mp4(40_000)), "人脸打码")
    assert copy.pk != original.pk and copy.derived_from == original and copy.derivation == "人脸打码"
    assert copy.case == original.case and copy.step == original.step
    assert copy.custody.get().action == "derived"
    original.refresh_from_db()
    assert original.derivatives.get() == copy
    with pytest.raises(Forbidden):
        add_derivative(cast.reviewer_a, original, io.BytesIO(mp4(100)), "转码")


def test_the_admin_only_shows_evidence(client, cast, original):
    client.force_login(cast.sysadmin)
    assert client.get("/admin/evidence/evidence/").status_code == 200
    assert client.get(f"/admin/evidence/evidence/{original.pk}/delete/").status_code == 403
    assert client.get("/admin/evidence/evidence/add/").status_code == 403
    page = client.get(f"/admin/evidence/evidence/{original.pk}/change/")
    assert page.status_code == 200 and b'name="sha256"' not in page.content  # no editable input


@pytest.mark.postgres_only
def test_postgres_triggers_refuse_content_updates_and_deletes_behind_the_orm(original):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    for sql in (
        "UPDATE evidence_evidence SET sha256 = repeat('0', 64)",
        "DELETE FROM evidence_evidence",
        "UPDATE evidence_custodyevent SET reason = 'x'",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE evidence_evidence SET verified_at = now()")
