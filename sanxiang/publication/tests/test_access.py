"""Staff pages and API four ways (anonymous, no grant, grant, grant in another body); public pages open."""

import pytest

from sanxiang.publication.tests.conftest import bearer, publication_of


@pytest.fixture
def record(decided):
    return publication_of(decided())


def test_the_work_page_four_ways(client, cast, record, discloser, discloser_b):
    url = f"/publication/{record.pk}/"
    assert client.get(url).status_code == 302  # anonymous: to the login page
    client.force_login(cast.nobody)
    assert client.get(url).status_code == 404
    client.force_login(discloser_b)
    assert client.get(url).status_code == 404
    client.force_login(discloser)
    response = client.get(url)
    assert response.status_code == 200
    assert "送达文本" in response.content.decode()
    client.force_login(cast.chief_a)
    assert client.get(url).status_code == 200


def test_the_list_page_shows_only_the_users_body(client, cast, record, discloser, discloser_b):
    assert client.get("/publication/").status_code == 302
    client.force_login(discloser_b)
    assert record.document_number not in client.get("/publication/").content.decode()
    client.force_login(discloser)
    assert record.document_number in client.get("/publication/").content.decode()


def test_a_step_posted_by_the_wrong_body_is_404_and_by_the_right_role_works(
    client, cast, record, discloser_b, discloser
):
    url = f"/publication/{record.pk}/submit/"
    client.force_login(discloser_b)
    assert client.post(url).status_code == 404
    client.force_login(discloser)
    assert client.post(url).status_code == 302
    record.refresh_from_db()
    assert record.status == "submitted"
    client.force_login(discloser)
    client.post(f"/publication/{record.pk}/approve/")
    record.refresh_from_db()
    assert record.status == "submitted"  # disclosure staff may not approve
    client.force_login(cast.chief_a)
    client.post(f"/publication/{record.pk}/approve/", {"note": "同意"})
    record.refresh_from_db()
    assert record.status == "published"


def test_the_api_four_ways(client, cast, record, discloser, discloser_b):
    url = f"/api/v1/publication/records/{record.public_id}"
    assert client.get(url).status_code == 401
    assert client.get(url, **bearer(cast.nobody)).status_code == 404
    assert client.get(url, **bearer(discloser_b)).status_code == 404
    response = client.get(url, **bearer(discloser))
    assert response.status_code == 200 and response.json()["versions"][0]["redactions"]
    submitted = client.post(f"{url}/submit", **bearer(discloser))
    assert submitted.status_code == 200
    refused = client.post(f"{url}/approve", data={}, content_type="application/json", **bearer(discloser))
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "forbidden"
    approved = client.post(
        f"{url}/approve", data={"note": "同意"}, content_type="application/json", **bearer(cast.chief_a)
    )
    assert approved.status_code == 200 and approved.json()["status"] == "published"


def test_api_bad_input_is_400_with_the_error_shape(client, cast, record, discloser):
    url = f"/api/v1/publication/records/{record.public_id}/redactions"
    response = client.post(url, data={"phrase": 5}, content_type="application/json", **bearer(discloser))
    assert response.status_code == 400 and response.json()["error"]["fields"]
    assert client.get("/api/v1/publication/records/not-a-uuid", **bearer(discloser)).status_code == 404


def test_public_pages_need_no_login_and_unpublished_records_are_404(client, record):
    assert client.get("/portal/decisions/").status_code == 200
    assert client.get(f"/portal/decisions/{record.public_id}/").status_code == 404
    assert client.get(f"/api/v1/public/publication/decisions/{record.public_id}").status_code == 404
