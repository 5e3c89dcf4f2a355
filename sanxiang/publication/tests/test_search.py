"""Portal search: words, substrings, 1-2 characters, filters, pagination; withdrawn decisions vanish
(on SQLite FTS5 and PostgreSQL tsvector/GIN alike)."""

import datetime

import pytest
from django.db import connection

from sanxiang.publication import selectors, services
from sanxiang.publication.tests.conftest import publication_of

TODAY = datetime.date.today()


@pytest.fixture
def three(cast, decided, publish):
    milk = publish(
        publication_of(
            decided(facts="当事人在龙门大道经营的超市销售过期牛奶", on=TODAY - datetime.timedelta(days=9))
        )
    )
    fireworks = publish(
        publication_of(decided(facts="当事人无证经营烟花爆竹", on=TODAY - datetime.timedelta(days=5)))
    )
    oil = publish(
        publication_of(
            decided(facts="当事人销售散装食用油未标明生产日期", on=TODAY - datetime.timedelta(days=2))
        )
    )
    return milk, fireworks, oil


def found(**filters):
    return [e.publication_id for e in selectors.search_decisions(TODAY, **filters)]


def test_search_finds_words(three):
    milk, fireworks, oil = three
    assert found(q="牛奶") == [milk.pk]
    assert found(q="烟花爆竹") == [fireworks.pk]
    assert found(q="食用油") == [oil.pk]


def test_search_finds_substrings_across_word_boundaries(three):
    milk, fireworks, oil = three
    assert found(q="期牛奶") == [milk.pk]
    assert found(q="花爆") == [fireworks.pk]
    assert found(q="标明生产") == [oil.pk]


def test_one_and_two_character_queries_work(three):
    milk, fireworks, oil = three
    assert found(q="奶") == [milk.pk]
    assert found(q="烟") == [fireworks.pk]
    assert found(q="散装") == [oil.pk]
    assert sorted(found(q="销售")) == sorted([milk.pk, oil.pk])


def test_several_terms_must_all_occur(three):
    milk, _fireworks, oil = three
    assert found(q="销售 牛奶") == [milk.pk]
    assert found(q="销售 爆竹") == []


def test_a_term_that_is_not_a_substring_finds_nothing_even_if_its_characters_occur(three):
    assert found(q="奶牛") == []  # both characters occur in 牛奶, never in this order
    assert found(q="不存在的词") == []


def test_ascii_terms_match_case_insensitively_and_as_prefixes(three):
    milk, _fireworks, _oil = three
    assert milk.pk in found(q=str(milk.decision_date.year))
    assert found(q="罚款 " + str(milk.decision_date.year)[:2])  # a prefix of an ASCII word


def test_results_are_newest_first_without_a_query(three):
    milk, fireworks, oil = three
    assert found() == [oil.pk, fireworks.pk, milk.pk]


def test_filters_by_body_kind_and_date(cast, three):
    milk, fireworks, oil = three
    assert sorted(found(body_id=cast.body_a.pk)) == sorted([milk.pk, fireworks.pk, oil.pk])
    assert found(body_id=cast.body_b.pk) == []
    assert found(kind="no_penalty") == []
    assert found(start=TODAY - datetime.timedelta(days=6), end=TODAY - datetime.timedelta(days=3)) == [
        fireworks.pk
    ]
    assert found(q="当事人", start=TODAY - datetime.timedelta(days=3)) == [oil.pk]


def test_a_withdrawn_decision_disappears_from_search_at_once(cast, three, discloser):
    milk, _fireworks, _oil = three
    services.withdraw(discloser, milk.pk, "决定被撤销")
    assert found(q="牛奶") == []
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM publication_searchfts WHERE publication_searchfts MATCH '\"牛奶\"'"
            )
            assert cursor.fetchone()[0] == 0


def test_a_decision_past_its_period_is_not_found_even_before_the_ending_job(three):
    milk, _fireworks, _oil = three
    later = milk.ends_on
    assert milk.pk not in [e.publication_id for e in selectors.search_decisions(later, q="牛奶")]


def test_the_open_data_api_paginates_and_states_the_licence(client, three):
    response = client.get("/api/v1/public/publication/decisions", {"page_size": 2, "page": 2})
    data = response.json()
    assert response.status_code == 200
    assert data["count"] == 3 and data["pages"] == 2 and len(data["results"]) == 1
    assert "CC BY 4.0" in data["licence"]["name"]
    assert client.get("/api/v1/public/publication/decisions", {"q": "牛奶"}).json()["count"] == 1


def test_the_search_page_shows_results_and_export_links(client, three):
    response = client.get("/portal/decisions/", {"q": "爆竹"})
    text = response.content.decode()
    assert response.status_code == 200 and "共 1 条" in text
    assert "export.csv" in text and "CC BY 4.0" in text


def test_a_search_without_results_says_so(client, three):
    text = client.get("/portal/decisions/", {"q": "不存在的词语"}).content.decode()
    assert "共 0 条" in text and "没有符合条件的决定。" in text


def test_bad_filters_answer_400(client, db):
    assert client.get("/portal/decisions/", {"start": "2026-13-01"}).status_code == 400
    assert client.get("/api/v1/public/publication/decisions", {"start": "x"}).status_code == 400


def test_terms_the_index_answers_exactly_skip_the_substring_recheck():
    """One index token (a CJK character, a CJK bigram, an ASCII word) needs no LIKE over the hits."""
    from sanxiang.publication.search import _index_exact

    assert _index_exact("罚") and _index_exact("牛奶") and _index_exact("abc")
    assert not _index_exact("烟花爆竹") and not _index_exact("牛奶abc") and not _index_exact("牛奶,")


def test_a_bigram_query_runs_without_like_and_finds_the_same_rows(three):
    import datetime

    from sanxiang.publication import selectors

    rows = selectors.search_decisions(datetime.date.today(), q="爆竹")
    assert "LIKE" not in str(rows.query).upper()
    longer = selectors.search_decisions(datetime.date.today(), q="烟花爆竹")
    assert "LIKE" in str(longer.query).upper()
    assert {r.pk for r in longer} <= {r.pk for r in rows} and rows.count() >= 1


def test_a_search_with_more_hits_than_the_cap_says_so(client, three, monkeypatch):
    from sanxiang.publication import search

    monkeypatch.setattr(search, "COUNT_CAP", 1)
    text = client.get("/portal/decisions/", {"q": "决定"}).content.decode()
    assert "共 1+ 条" in text and "结果较多" in text
    body = client.get("/api/v1/public/publication/decisions", {"q": "决定"}).json()
    assert body["count"] == 1 and body["count_capped"] is True


@pytest.mark.skipif(connection.vendor != "postgresql", reason="relevance ranking is PostgreSQL's ts_rank")
def test_relevance_ranking_gives_way_to_newest_first_when_the_hits_are_many(three, monkeypatch):
    from sanxiang.publication import search
    from sanxiang.publication.models import SearchEntry

    rows = search.filter_text(SearchEntry.objects.all(), "决定")
    assert search.rank(rows, "决定").query.order_by[0] == "-rank"
    monkeypatch.setattr(search, "RANK_LIMIT", 0)
    assert search.rank(rows, "决定").query.order_by[0] == "-decision_date"
