"""/api/v1: token auth, the error shape, cases end to end, and the isolation matrix (AUTHZ-02)."""

import datetime
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from sanxiang.api.models import ApiToken
from sanxiang.cases import services
from sanxiang.testing import factories as f

pytestmark = pytest.mark.django_db


def bearer(user) -> dict:
    _row, token = ApiToken.issue(user)
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def post(client, url, data, user):
    return client.post(url, data=json.dumps(data), content_type="application/json", **bearer(user))


def register(cast):
    data = f.case_data(cast.body_a, cast.officers_a)
    return services.register_case(cast.officer_a, cast.body_a, data, [f.natural_party()])


def assert_error_shape(response, status, code=None):
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"error"} and {"code", "message"} <= set(body["error"])
    if code:
        assert body["error"]["code"] == code


def test_without_a_token_every_endpoint_answers_401_in_the_error_shape(client, cast):
    for url in ("/api/v1/cases", "/api/v1/bodies", "/api/v1/officers", "/api/v1/cases/transitions"):
        assert_error_shape(client.get(url), 401, "not_authenticated")
    assert_error_shape(client.get("/api/v1/cases", HTTP_AUTHORIZATION="Bearer sx_wrong"), 401)


def test_the_openapi_document_is_served(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/v1/cases" in paths and "/api/v1/cases/{case_id}/transitions/{name}" in paths


def test_token_create_prints_a_working_token(client, cast, capsys):
    call_command("token", "create", "a.officer")
    token = capsys.readouterr().out.strip()
    assert token.startswith("sx_")
    assert client.get("/api/v1/cases", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200
    assert ApiToken.objects.get().key_hash != token  # only the hash is stored
    with pytest.raises(CommandError) as error:
        call_command("token", "create", "no.such.user")
    assert error.value.returncode == 2


def test_a_case_goes_from_creation_through_a_transition_over_the_api(client, cast):
    today = datetime.date.today()
    payload = {
        "body": str(cast.body_a.public_id),
        "department": f.handling_department(cast.body_a).pk,
        "officers": [o.pk for o in cast.officers_a],
        "cause": "无照经营",
        "facts": "未取得营业执照从事经营活动",
        "place": "河津市僧楼镇",
        "discovered_on": str(today),
        "violation_ended_on": str(today),
        "parties": [f.natural_party()],
    }
    created = post(client, "/api/v1/cases", payload, cast.officer_a)
    assert created.status_code == 201, created.content
    case_id = created.json()["id"]
    assert created.json()["state"] == "clue"
    assert created.json()["party_details"][0]["id_number"].count("*") == 8  # masked for an officer

    refused = post(client, f"/api/v1/cases/{case_id}/transitions/file_case", {}, cast.officer_a)
    assert_error_shape(refused, 403, "forbidden")
    filed = post(client, f"/api/v1/cases/{case_id}/transitions/file_case", {}, cast.head_a)
    assert filed.status_code == 200 and filed.json()["state"] == "investigation"
    conflict = post(client, f"/api/v1/cases/{case_id}/transitions/file_case", {}, cast.head_a)
    assert_error_shape(conflict, 409, "transition_refused")
    bad = post(
        client,
        f"/api/v1/cases/{case_id}/transitions/submit_for_review",
        {"proposal": "penalty"},
        cast.officer_a,
    )
    assert_error_shape(bad, 400, "invalid")
    assert "investigation_summary" in bad.json()["error"]["fields"]
    unknown = post(client, f"/api/v1/cases/{case_id}/transitions/fly_away", {}, cast.officer_a)
    assert_error_shape(unknown, 400, "unknown_transition")


def test_bad_case_input_gets_field_errors_and_creates_nothing(client, cast):
    response = post(client, "/api/v1/cases", {"body": str(cast.body_a.public_id)}, cast.officer_a)
    assert_error_shape(response, 400, "invalid")
    payload = {
        "body": str(cast.body_a.public_id),
        "department": f.handling_department(cast.body_a).pk,
        "officers": [],
        "cause": "x",
        "facts": "x",
        "place": "x",
        "discovered_on": "2026-13-01",
        "violation_ended_on": "2026-01-01",
        "parties": [],
    }
    response = post(client, "/api/v1/cases", payload, cast.officer_a)
    assert_error_shape(response, 400, "invalid")
    assert "discovered_on" in response.json()["error"]["fields"]


@pytest.mark.parametrize(
    ("who", "list_count", "detail_status", "write_status"),
    [
        ("officer_a", 1, 200, 200),  # assigned: sees and handles
        ("chief_a", 1, 200, 403),  # whole body; may not do an officer's step
        ("officer_b", 0, 404, 404),  # another body: exactly like a missing case
        ("chief_b", 0, 404, 404),
        ("supervisor", 1, 200, 403),  # reads across bodies, never writes (AUTHZ-04)
        ("sysadmin", 0, 404, 404),  # system admin sees no case content (AUTHZ-01)
        ("nobody", 0, 404, 404),
    ],
)
def test_the_isolation_matrix(client, cast, who, list_count, detail_status, write_status):
    case = register(cast)
    services.run_transition(cast.head_a, case.pk, "file_case", {})
    user = getattr(cast, who)
    listing = client.get("/api/v1/cases", **bearer(user))
    assert listing.status_code == 200 and listing.json()["count"] == list_count
    detail = client.get(f"/api/v1/cases/{case.public_id}", **bearer(user))
    assert detail.status_code == detail_status
    missing = client.get("/api/v1/cases/00000000-0000-0000-0000-000000000000", **bearer(user))
    assert_error_shape(missing, 404, "not_found")
    if detail_status == 404:
        assert detail.json() == missing.json()
    write = post(
        client,
        f"/api/v1/cases/{case.public_id}/transitions/submit_for_review",
        {"proposal": "no_penalty", "investigation_summary": "x", "legal_provisions": "x"},
        user,
    )
    assert write.status_code == write_status, write.content


def test_malformed_ids_answer_404_not_500(client, cast):
    assert_error_shape(client.get("/api/v1/cases/not-a-uuid", **bearer(cast.officer_a)), 404, "not_found")


def test_officer_id_numbers_are_masked_unless_the_role_may_see_them(client, cast):
    masked = client.get("/api/v1/officers", **bearer(cast.officer_a)).json()
    full = client.get(f"/api/v1/officers?body={cast.body_a.public_id}", **bearer(cast.chief_a)).json()
    assert all("*" in o["id_number"] for o in masked)
    assert any("*" not in o["id_number"] for o in full)
    zhang = next(o for o in full if o["name"] == "张明")
    assert zhang["credentials"][0]["valid_today"] is True


def test_the_transition_table_is_published(client, cast):
    rows = client.get("/api/v1/cases/transitions", **bearer(cast.officer_a)).json()
    decide = next(r for r in rows if r["name"] == "decide")
    assert decide["gates"] == ["legal_review"] and "CASE-08" in decide["rules"]


def test_ledger_and_calendar_are_public_and_verifiable(client, cast):
    from django.db import transaction

    from sanxiang.ledger.services import sign_tree_head

    register(cast)
    assert client.get("/api/v1/ledger/tree-head").status_code == 404  # nothing signed yet
    with transaction.atomic():
        sign_tree_head()
    head = client.get("/api/v1/ledger/tree-head")
    assert head.status_code == 200, head.content
    assert head.json()["tree_size"] >= 1
    assert client.get("/api/v1/ledger/entries/0/proof").status_code == 200
    day = client.get("/api/v1/workdays/is-workday?date=2026-10-10").json()
    assert day["workday"] is True
