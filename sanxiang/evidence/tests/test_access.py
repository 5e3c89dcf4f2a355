"""AUTHZ-02 four ways on every endpoint and page: anonymous, no grant, grant, grant in another body."""

import json

import pytest
from django.urls import reverse

from sanxiang.evidence.models import CustodyEvent

from .conftest import API, jpeg, mp4

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(api, new_case, cast):
    case = new_case()
    photo = api.upload(case, jpeg(), name="照片.jpg").json()
    data = mp4(20_000)
    session = api.open_session(case, data).json()
    return {"case": case, "E": photo["id"], "S": session["id"], "A": str(cast.body_a.public_id), "data": data}


def api_calls(w) -> list[tuple[str, str, dict]]:
    c, e, s = w["case"].public_id, w["E"], w["S"]
    chunk = {
        "data": w["data"][:1000],
        "HTTP_UPLOAD_OFFSET": "0",
        "content_type": "application/offset+octet-stream",
    }
    create = {
        "data": json.dumps({"case": str(c), "step": "field", "filename": "a.mp4", "size": 10}),
        "content_type": "application/json",
    }
    return [
        ("get", f"/cases/{c}/evidence", {}),
        ("get", f"/cases/{c}/evidence/flags", {}),
        ("get", f"/evidence/{e}", {}),
        ("get", f"/evidence/{e}/custody", {}),
        ("get", f"/evidence/{e}/derivatives", {}),
        ("get", f"/evidence/{e}/content", {}),
        ("get", f"/evidence/{e}/download", {}),
        ("get", f"/evidence/{e}/thumbnail", {}),
        ("delete", f"/evidence/{e}", {}),
        ("post", "/evidence/uploads", create),
        ("get", f"/evidence/uploads/{s}", {}),
        ("head", f"/evidence/uploads/{s}", {}),
        ("patch", f"/evidence/uploads/{s}", chunk),
        ("post", f"/evidence/uploads/{s}/complete", {}),
        ("delete", f"/evidence/uploads/{s}", {}),
        ("get", f"/bodies/{w['A']}/devices", {}),
    ]


# grant (officer_a, assigned): what each call answers
GRANTED = [200, 200, 200, 200, 200, 200, 200, 200, 405, 201, 200, 200, 200, 409, 204, 200]


def call(client, method, url, kwargs, token=None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    return getattr(client, method)(f"{API}{url}", **kwargs, **headers)


def token_for(user):
    from sanxiang.api.models import ApiToken

    return ApiToken.issue(user)[1]


def test_the_api_answers_401_without_a_token(client, world):
    for method, url, kwargs in api_calls(world):
        assert call(client, method, url, kwargs).status_code == 401, (method, url)


def test_the_api_answers_404_to_users_without_a_grant_on_the_case(client, cast, world):
    for who in ("nobody", "officer_b", "chief_b"):
        token = token_for(getattr(cast, who))
        for method, url, kwargs in api_calls(world):
            assert call(client, method, url, kwargs, token).status_code == 404, (who, method, url)
    assert not CustodyEvent.objects.exclude(action="ingested").exists()


def test_the_api_serves_the_assigned_officer(client, cast, world):
    token = token_for(cast.officer_a)
    answers = [call(client, m, u, k, token).status_code for m, u, k in api_calls(world)]
    assert answers == GRANTED


def test_readers_may_read_but_not_upload(client, cast, world):
    for reader in (cast.reviewer_a, cast.supervisor):
        token = token_for(reader)
        assert call(client, "get", f"/evidence/{world['E']}/download", {}, token).status_code == 200
        create = api_calls(world)[9]
        assert call(client, *create, token).status_code == 403


def ui_urls(w) -> list[tuple[str, str]]:
    case, e = w["case"].pk, w["E"]
    return [
        ("get", reverse("evidence:case", args=[case])),
        ("get", reverse("evidence:detail", args=[e])),
        ("get", reverse("evidence:content", args=[e])),
        ("get", reverse("evidence:download", args=[e])),
        ("get", reverse("evidence:thumbnail", args=[e])),
        ("get", reverse("evidence:devices_of", args=[w["A"]])),
        ("post", reverse("evidence:upload", args=[case])),
        ("post", reverse("evidence:derive", args=[e])),
    ]


def test_pages_send_anonymous_visitors_to_login_and_json_answers_401(client, world):
    for method, url in ui_urls(world):
        response = getattr(client, method)(url)
        assert response.status_code == 302 and "/accounts/login" in response["Location"], url
    for url in (
        reverse("evidence:flags", args=[world["case"].pk]),
        reverse("evidence:upload_session", args=[world["S"]]),
    ):
        assert client.get(url).status_code == 401
    assert (
        client.post(reverse("evidence:upload_create"), "{}", content_type="application/json").status_code
        == 401
    )


def test_pages_answer_404_outside_the_grant(client, cast, world):
    for who in ("nobody", "officer_b", "chief_b"):
        client.force_login(getattr(cast, who))
        for method, url in ui_urls(world):
            assert getattr(client, method)(url).status_code == 404, (who, url)
        assert client.get(reverse("evidence:flags", args=[world["case"].pk])).status_code == 404
        assert client.get(reverse("evidence:upload_session", args=[world["S"]])).status_code == 404


def test_pages_serve_the_assigned_officer(client, cast, world):
    client.force_login(cast.officer_a)
    for method, url in ui_urls(world)[:6]:
        assert getattr(client, method)(url).status_code == 200, url
    page = client.get(reverse("evidence:case", args=[world["case"].pk])).content.decode()
    assert "照片.jpg" in page and "evidence-upload" in page
    detail = client.get(reverse("evidence:detail", args=[world["E"]])).content.decode()
    assert "调阅记录" in detail and "入库" in detail
    flags = client.get(reverse("evidence:flags", args=[world["case"].pk])).json()["flags"]
    assert [f["rule"] for f in flags] == ["REC-02"]  # a field photo without AV


def test_a_reader_sees_the_page_without_the_upload_form(client, cast, world):
    client.force_login(cast.reviewer_a)
    page = client.get(reverse("evidence:case", args=[world["case"].pk])).content.decode()
    assert "照片.jpg" in page and "evidence-upload" not in page
    assert client.post(reverse("evidence:upload", args=[world["case"].pk]), {}).status_code in (400, 403)


def test_the_openapi_document_lists_the_evidence_endpoints(client):
    paths = client.get(f"{API}/openapi.json").json()["paths"]
    for path in (
        "/api/v1/evidence/uploads",
        "/api/v1/evidence/uploads/{upload_id}",
        "/api/v1/cases/{case_id}/evidence",
    ):
        assert path in paths
    assert {"put", "patch", "head", "get", "delete"} <= set(paths["/api/v1/evidence/uploads/{upload_id}"])
