"""The portal's page cache: anonymous GETs are served from the cache until public content changes;
a withdrawal shows 已撤回 on the very next request (PUB-03); Cache-Control of every public answer."""

import pytest
from django.core.cache import cache as django_cache

from sanxiang.disclosure import services as disclosure_services
from sanxiang.disclosure.testing import sample
from sanxiang.portal import cache
from sanxiang.publication import services as publication_services

pytestmark = pytest.mark.django_db


def test_a_published_decision_page_is_cached(client, decision):
    url = f"/portal/decisions/{decision.public_id}/"
    first = client.get(url)
    assert first.status_code == 200 and first["X-Portal-Cache"] == "miss"
    second = client.get(url)
    assert second["X-Portal-Cache"] == "hit" and second.content == first.content
    assert second["ETag"] and second["Cache-Control"] == "no-cache"  # PUB-03: shared caches revalidate


def test_a_withdrawal_shows_withdrawn_on_the_next_request(client, decision, discloser):
    url = f"/portal/decisions/{decision.public_id}/"
    client.get(url)
    assert client.get(url)["X-Portal-Cache"] == "hit"
    publication_services.withdraw(discloser, decision.pk, "该决定已被行政复议撤销")
    response = client.get(url)
    assert response.status_code == 410 and "已撤回" in response.content.decode()
    assert "X-Portal-Cache" not in response  # a 410 is never cached


def test_the_invalidation_also_runs_when_the_transaction_commits(
    client,
    decision,
    discloser,
    django_capture_on_commit_callbacks,
):
    before = cache.content_version()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        publication_services.withdraw(discloser, decision.pk, "决定被撤销")
    assert len(callbacks) == 1 and cache.content_version() == before + 2
    assert client.get(f"/portal/decisions/{decision.public_id}/").status_code == 410


def test_search_results_are_cached_under_a_normalised_key_and_a_withdrawal_empties_them(
    client,
    decision,
    discloser,
):
    assert client.get("/portal/decisions/", {"q": "过期食品"})["X-Portal-Cache"] == "miss"
    assert client.get("/portal/decisions/", {"q": "  过期食品 ", "kind": ""})["X-Portal-Cache"] == "hit"
    publication_services.withdraw(discloser, decision.pk, "决定被撤销")
    page = client.get("/portal/decisions/", {"q": "过期食品"})
    assert page["X-Portal-Cache"] == "miss" and str(decision.public_id) not in page.content.decode()


def test_a_body_page_reflects_a_newly_published_disclosure_item(client, cast, staff, publish):
    url = f"/portal/bodies/{cast.body_a.public_id}/"
    client.get(url)
    assert client.get(url)["X-Portal-Cache"] == "hit"
    publish("enforcement_item", name="对无照经营的行政处罚")
    page = client.get(url)
    assert page["X-Portal-Cache"] == "miss" and "对无照经营的行政处罚" in page.content.decode()


def test_a_disc12_recheck_mark_reaches_the_cached_body_page(client, cast, staff, publish):
    publish("enforcement_item")
    url = f"/portal/bodies/{cast.body_a.public_id}/"
    client.get(url)
    disclosure_services.declare_basis_change(
        staff.a,
        cast.body_a.pk,
        {"kind": "duties", "law": "机构改革方案", "changed_on": "2026-01-01", "note": "职责调整"},
    )
    assert client.get(url)["X-Portal-Cache"] == "miss"


def test_drafts_do_not_invalidate_the_cache(client, cast, staff):
    client.get("/portal/")
    disclosure_services.create_item(staff.a, cast.body_a.pk, "enforcement_item", sample("enforcement_item"))
    assert client.get("/portal/")["X-Portal-Cache"] == "hit"


def test_what_is_never_cached(client, cast, settings):
    # a visitor with a session (staff looking at the portal) gets fresh pages and fills nothing
    client.force_login(cast.officer_a)
    assert "X-Portal-Cache" not in client.get("/portal/")
    client.logout()
    # unknown or repeated parameters, overlong values
    for query in ("?utm=1", "?page=1&page=2", "?q=" + "长" * 65):
        client.get("/portal/decisions/" + query)
        assert "X-Portal-Cache" not in client.get("/portal/decisions/" + query), query
    # 404s, and views that chose their own caching (the live credential check, CRED-02)
    client.get("/portal/bodies/00000000-0000-0000-0000-000000000000/")
    assert "X-Portal-Cache" not in client.get("/portal/bodies/00000000-0000-0000-0000-000000000000/")
    # answers over the size limit
    settings.SANXIANG_PORTAL_CACHE_MAX_BYTES = 100
    client.get("/portal/data/")
    assert "X-Portal-Cache" not in client.get("/portal/data/")
    settings.SANXIANG_PORTAL_CACHE = False
    assert "X-Portal-Cache" not in client.get("/portal/")


def test_a_matching_etag_gets_304(client, cast):
    etag = client.get("/portal/")["ETag"]  # a miss carries the ETag it was stored with
    response = client.get("/portal/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304 and response["ETag"] == etag
    assert response["Cache-Control"].startswith("public")


def test_cache_control_of_public_answers(client, cast, settings):
    settings.SANXIANG_PORTAL_MAX_AGE = 45
    assert client.get("/portal/")["Cache-Control"] == "public, max-age=45"
    assert client.get("/api/v1/public/bodies")["Cache-Control"] == "public, max-age=45"
    assert client.get("/api/v1/public/publication/decisions")["Cache-Control"] == "no-cache"
    assert client.get("/portal/decisions/export.csv")["Cache-Control"] == "no-cache"
    assert client.get("/portal/bodies/nothing/")["Cache-Control"] == "no-cache"
    # PUB-01: the complaint form, the progress query and its answers are never stored
    for response in (
        client.get("/portal/complaints/new/"),
        client.get("/portal/complaints/track/"),
        client.post("/portal/complaints/track/", {"code": "ABCDEFGHJKMN"}),
        client.post("/api/v1/public/complaints/progress", {"code": "ABCDEFGHJKMN"}, "application/json"),
    ):
        assert "no-store" in response["Cache-Control"], response
        assert "X-Portal-Cache" not in response
    # staff pages are left alone
    assert "public" not in client.get("/accounts/login/").get("Cache-Control", "")


def test_the_content_version_survives_eviction_upwards(cast):
    first = cache.content_version()
    cache.invalidate("test")
    assert cache.content_version() == first + 1
    django_cache.delete(cache.VERSION_KEY)
    assert cache.content_version() > first + 1  # re-seeded from the clock, never back to an old number
