"""The public JSON API's server cache: anonymous GETs of /api/v1/public/ answered from the cache until
public content changes (PUB-03: a withdrawn decision leaves the API on the very next request), rate
limits counted on hits (PUB-04), errors and live answers never stored, ETag and Vary kept on 304."""

import pytest

from sanxiang.core import public_content
from sanxiang.publication import services as publication_services

pytestmark = pytest.mark.django_db

DECISIONS = "/api/v1/public/publication/decisions"


def test_a_second_request_is_a_hit_with_the_same_body_and_etag(client, cast):
    first = client.get("/api/v1/public/bodies")
    assert first.status_code == 200 and first["X-Portal-Cache"] == "miss"
    second = client.get("/api/v1/public/bodies")
    assert second["X-Portal-Cache"] == "hit" and second.content == first.content
    assert second["ETag"] == first["ETag"] and second["Content-Type"] == first["Content-Type"]
    assert second.json()["count"] == 2


def test_the_query_is_part_of_the_key_and_normalised(client, cast, decision):
    assert client.get(DECISIONS, {"q": "过期食品"})["X-Portal-Cache"] == "miss"
    assert client.get(DECISIONS, {"q": " 过期食品  ", "kind": ""})["X-Portal-Cache"] == "hit"
    assert client.get(DECISIONS, {"q": "过期食品", "page_size": "5"})["X-Portal-Cache"] == "miss"
    other = client.get(DECISIONS, {"q": "没有这个词"})
    assert other["X-Portal-Cache"] == "miss" and other.json()["count"] == 0


def test_invalidate_makes_the_next_request_a_miss(client, cast):
    client.get("/api/v1/public/bodies")
    assert client.get("/api/v1/public/bodies")["X-Portal-Cache"] == "hit"
    public_content.invalidate("test")
    assert client.get("/api/v1/public/bodies")["X-Portal-Cache"] == "miss"


def test_a_withdrawn_decision_leaves_the_api_at_once(client, decision, discloser):
    # PUB-03 / DISC-05: no cached copy of a withdrawn decision is served after the withdrawal.
    detail = f"{DECISIONS}/{decision.public_id}"
    ids = lambda: [row["id"] for row in client.get(DECISIONS).json()["results"]]  # noqa: E731
    assert str(decision.public_id) in ids() and str(decision.public_id) in ids()
    assert client.get(detail).status_code == 200
    assert client.get(detail)["X-Portal-Cache"] == "hit"
    publication_services.withdraw(discloser, decision.pk, "该决定已被行政复议撤销")
    assert str(decision.public_id) not in ids()
    gone = client.get(detail)
    assert gone.status_code == 410 and gone.json()["error"]["code"] == "withdrawn"
    assert "X-Portal-Cache" not in gone and "X-Portal-Cache" not in client.get(detail)


def test_a_newly_published_item_is_in_the_next_answer(client, cast, staff, publish):
    url = f"/api/v1/public/disclosure/enforcement-items?body={cast.body_a.public_id}"
    assert client.get(url).json()["count"] == 0
    assert client.get(url)["X-Portal-Cache"] == "hit"
    publish("enforcement_item", name="对无照经营的行政处罚")
    answer = client.get(url)
    assert answer["X-Portal-Cache"] == "miss" and answer.json()["count"] == 1


def test_hits_count_against_the_rate_limit(client, cast, settings):
    settings.SANXIANG_PORTAL_RATE_LIMITS = {"api": (3, 60)}
    assert client.get("/api/v1/public/bodies")["X-Portal-Cache"] == "miss"
    assert client.get("/api/v1/public/bodies")["X-Portal-Cache"] == "hit"
    assert client.get("/api/v1/public/bodies")["X-Portal-Cache"] == "hit"
    refused = client.get("/api/v1/public/bodies")
    assert refused.status_code == 429 and refused.json()["error"]["code"] == "rate_limited"
    assert "X-Portal-Cache" not in refused and refused["Cache-Control"] == "private, no-store"


def test_errors_are_never_cached(client, cast):
    for url in (
        "/api/v1/public/disclosure/items?kind=bogus",  # 400
        "/api/v1/public/bodies/00000000-0000-0000-0000-000000000000",  # 404
        f"{DECISIONS}?start=2026-13-01",  # 400, the search form's own error
    ):
        first, second = client.get(url), client.get(url)
        assert 400 <= first.status_code < 500 and second.status_code == first.status_code, url
        assert "X-Portal-Cache" not in first and "X-Portal-Cache" not in second, url
        assert second["Cache-Control"] == "no-cache" and "error" in second.json(), url


def test_live_and_private_answers_are_never_cached(client, cast):
    from sanxiang.orgs.models import Credential

    number = Credential.objects.filter(officer__body=cast.body_a).first().number
    url = f"/api/v1/public/disclosure/credentials/{number}"
    client.get(url)
    assert "X-Portal-Cache" not in client.get(url)  # CRED-02: the status is live
    Credential.objects.filter(number=number).update(status="suspended")
    assert client.get(url).json()["status"] == "suspended"
    # unknown parameters, a staff client's token, a session
    for query in ("?utm=1", "?body=1&body=2"):
        client.get("/api/v1/public/bodies" + query)
        assert "X-Portal-Cache" not in client.get("/api/v1/public/bodies" + query), query
    assert "X-Portal-Cache" not in client.get("/api/v1/public/bodies", HTTP_AUTHORIZATION="Bearer x")
    client.force_login(cast.officer_a)
    assert "X-Portal-Cache" not in client.get("/api/v1/public/bodies")


def test_etag_vary_and_cache_control_of_hits_and_304(client, cast, decision):
    for url, cache_control in (
        ("/api/v1/public/bodies", "public, max-age=60"),
        (f"{DECISIONS}/{decision.public_id}", "no-cache"),  # PUB-03: shared caches revalidate
    ):
        miss = client.get(url)
        hit = client.get(url)
        assert miss["ETag"] == hit["ETag"] and miss["ETag"].startswith('"')
        assert miss["Vary"] == hit["Vary"] and "Accept-Language" in hit["Vary"]
        assert miss["Cache-Control"] == hit["Cache-Control"] == cache_control
        not_modified = client.get(url, HTTP_IF_NONE_MATCH=hit["ETag"])
        assert not_modified.status_code == 304 and not not_modified.content
        assert not_modified["ETag"] == hit["ETag"] and not_modified["Vary"] == hit["Vary"]
        assert not_modified["Cache-Control"] == cache_control
        assert client.get(url, HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_the_switch_turns_the_api_cache_off(client, cast, settings):
    settings.SANXIANG_PORTAL_CACHE = False
    client.get("/api/v1/public/bodies")
    assert "X-Portal-Cache" not in client.get("/api/v1/public/bodies")
