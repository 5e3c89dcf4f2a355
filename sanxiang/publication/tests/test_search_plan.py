"""The portal search plan (issue 5 §6, docs/publication.md "Search"): a common term is read by walking
the date index with the text match as a row filter, and must give exactly what the index form gives
(and what a plain substring check over the rows gives): same rows, same order, same capped count,
with filters, pagination, ended and withdrawn decisions (DISC-06, PUB-03) — on SQLite and PostgreSQL.

RANK_LIMIT and COUNT_CAP are lowered so that a few dozen rows make a term "common"."""

import datetime

import pytest
from django.db import connection

from sanxiang.publication import indexing, search, selectors, services
from sanxiang.publication.models import Publication, PublicationVersion, SearchEntry
from sanxiang.publication.tests.conftest import publication_of

TODAY = datetime.date.today()
PLACES = ["龙门大道", "柴家镇", "僧楼镇", "黄河路"]
ACTS = ["销售过期牛奶", "无证经营烟花爆竹", "销售散装食用油未标明生产日期"]
RARE = (5, 17)  # the rows whose party is 瑞祥商贸有限公司
ENDED = 8  # its period ends today: out of search even before the ending job (DISC-06)
N = 36


@pytest.fixture
def small_limits(monkeypatch):
    monkeypatch.setattr(search, "RANK_LIMIT", 4)
    monkeypatch.setattr(search, "COUNT_CAP", 10)
    monkeypatch.setattr(search, "SCAN_ROWS", 12)
    monkeypatch.setattr(search, "MIN_WINDOW_HITS", 1)


@pytest.fixture
def corpus(cast, decided, publish):
    """One decision published through the services, plus N published rows indexed by the real
    indexer (`indexing.index`) with varied text, bodies, kinds and dates (several on one day)."""
    real = publish(publication_of(decided(facts="当事人在龙门大道经营的超市销售过期牛奶")))
    for i in range(N):
        day = TODAY - datetime.timedelta(days=1 + (i * 7) % 20)
        party = "瑞祥商贸有限公司" if i in RARE else "王某"
        text = "\n".join(
            (
                "行政处罚决定书",
                f"当事人：{party}",
                f"违法事实：当事人在{PLACES[i % 4]}经营的超市{ACTS[i % 3]}。",
                f"行政处罚的种类和幅度：罚款人民币{1000 * (i % 5 + 1)}元",
                f"{day.year}年{day.month}月{day.day}日",
            )
        )
        pub = Publication.objects.create(
            body=cast.body_a if i % 3 else cast.body_b,
            case=real.case,
            kind="no_penalty" if i % 4 == 0 else "penalty",
            status="published",
            document_number=f"河市监罚〔{day.year}〕{i + 100}号",
            decision_date=day,
            due_date=day + datetime.timedelta(days=10),
            due_rule="DISC-01",
            published_on=day,
            published_version=1,
            ends_on=TODAY if i == ENDED else day + datetime.timedelta(days=3 * 366),
        )
        version = PublicationVersion.objects.create(
            publication=pub,
            number=1,
            state="published",
            source_text=text,
            source_sha256="0" * 64,
            text=text,
            text_sha256="0" * 64,
            text_sm3="0" * 64,
            party_label=party,
        )
        indexing.index(pub, version)
    if connection.vendor == "postgresql":  # term_hits reads the planner's tsvector statistics
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE publication_searchentry")
    return real


FILTERS = {
    "none": {},
    "body": "body_b",
    "kind": {"kind": "no_penalty"},
    "dates": {"start": TODAY - datetime.timedelta(days=15), "end": TODAY - datetime.timedelta(days=4)},
}
COMMON = ["罚", "行政处罚", "烟花", "销售 超市", "期牛奶", "柴家镇 牛奶", str(TODAY.year)[:3]]
FEW = ["瑞祥", "奶牛", "不存在"]  # every token rare: no estimate calls them common


def _filters(cast, name):
    flt = FILTERS[name]
    return {"body_id": cast.body_b.pk} if flt == "body_b" else flt


def _live(body_id=None, start=None, end=None):
    """The rows the date and body indexes serve: live (DISC-06), body, dates; newest first."""
    rows = [
        e
        for e in SearchEntry.objects.all()
        if (e.ends_on is None or e.ends_on > TODAY)
        and (not body_id or e.body_id == body_id)
        and (not start or e.decision_date >= start)
        and (not end or e.decision_date <= end)
    ]
    return sorted(rows, key=lambda e: (e.decision_date, e.id), reverse=True)


def _hit(e, q, kind):
    return (not kind or e.kind == kind) and all(term in e.folded for term in search.query_terms(q))


def oracle(q, body_id=None, kind="", start=None, end=None):
    """Independent of any index: live rows whose text contains every term, newest first."""
    return [e.publication_id for e in _live(body_id, start, end) if _hit(e, q, kind)]


def window_count(q, body_id=None, kind="", start=None, end=None):
    """A common term's count: hits among the newest SCAN_ROWS live rows; a floor if there are more."""
    live = _live(body_id, start, end)
    window = live[: search.SCAN_ROWS]
    return sum(_hit(e, q, kind) for e in window), len(live) > len(window)


def ids(rows):
    return [e.publication_id for e in rows]


def old_plan(q, **flt):
    """What the portal ran before the walk: index form, ranked when the hits are few."""
    rows = search.active(SearchEntry.objects.all(), TODAY)
    for key, value in flt.items():
        rows = rows.filter(
            **{{"start": "decision_date__gte", "end": "decision_date__lte"}.get(key, key): value}
        )
    return search.rank(search.filter_text(rows, q), q)


def _newest(rows):
    return rows.query.order_by[0] == "-decision_date"


def test_common_terms_walk_the_date_index_and_return_exactly_the_index_forms_rows(cast, corpus, small_limits):
    walked = 0
    for name in FILTERS:
        flt = _filters(cast, name)
        for q in COMMON:
            rows = selectors.search_decisions(TODAY, q=q, **flt)
            expected, old = oracle(q, **flt), old_plan(q, **flt)
            assert sorted(ids(rows)) == sorted(expected) == sorted(ids(old)), (q, name)
            assert ids(rows) == (expected if _newest(rows) else ids(old)), (q, name)
            walk = getattr(rows, "walk", None)
            if walk is None:  # the index form: hits counted exactly, up to the cap
                assert rows.hits == min(len(expected), search.COUNT_CAP + 1) and not rows.floor
                continue
            walked += 1
            assert rows.hits >= search.MIN_WINDOW_HITS or not rows.floor
            assert ids(walk) == ids(rows), (q, name)  # the walk alone gives every row, in order
            assert (rows.hits, rows.floor) == window_count(q, **flt), (q, name)
            assert search.plan_for(rows, rows.hits) is walk  # every page the count offers walks
            if rows.floor or rows.hits > search.RANK_LIMIT:
                assert _newest(rows) and _newest(walk)
    assert walked >= 12  # the corpus really makes terms common, under every filter


def test_terms_with_few_hits_keep_the_index_form_and_its_order(cast, corpus, small_limits):
    for q in FEW:
        rows = selectors.search_decisions(TODAY, q=q)
        assert getattr(rows, "walk", None) is None
        assert ids(rows) == ids(old_plan(q))  # relevance first on PostgreSQL, as before
        assert sorted(ids(rows)) == sorted(oracle(q))
    assert len(oracle("瑞祥")) == len(RARE)


def test_pages_beyond_the_first_and_the_capped_count(cast, corpus, small_limits):
    expected = oracle("罚")
    rows = selectors.search_decisions(TODAY, q="罚")
    assert rows.walk is not None and rows.hits == search.SCAN_ROWS > search.COUNT_CAP
    paginator = search.CappedPaginator(rows, 3)
    assert paginator.count == search.COUNT_CAP and paginator.capped  # "10+"
    assert paginator.num_pages == 4
    seen = []
    for number in paginator.page_range:
        page = paginator.get_page(number)
        assert ids(page.object_list) == expected[(number - 1) * 3 : min(number * 3, search.COUNT_CAP)]
        seen += ids(page.object_list)
    assert seen == expected[: search.COUNT_CAP]
    few = search.CappedPaginator(selectors.search_decisions(TODAY, q="瑞祥"), 3)
    assert few.count == len(RARE) and not few.capped


def test_a_common_terms_count_is_a_floor_taken_from_the_newest_rows(cast, corpus, small_limits, monkeypatch):
    monkeypatch.setattr(search, "COUNT_CAP", 100)
    # A term in a third of the rows: some, not all, of its hits are among the newest SCAN_ROWS rows.
    q = next(t for t in ("烟花", "牛奶", "食用油") if 0 < window_count(t)[0] < len(oracle(t)))
    expected = oracle(q)
    rows = selectors.search_decisions(TODAY, q=q)
    hits, _more = window_count(q)
    assert rows.walk is not None and (rows.hits, rows.floor) == (hits, True) and 0 < hits < len(expected)
    paginator = search.CappedPaginator(rows, 3)
    assert paginator.count == hits and paginator.capped  # shown "N+"
    seen = []
    for number in paginator.page_range:
        seen += ids(paginator.get_page(number).object_list)
    assert seen == expected[:hits]  # the pages it offers are the newest hits, exactly
    narrow = {"start": TODAY - datetime.timedelta(days=3), "end": TODAY - datetime.timedelta(days=1)}
    rows = selectors.search_decisions(TODAY, q="罚", **narrow)
    assert len(_live(**narrow)) <= search.SCAN_ROWS  # few rows in the range: the count is exact
    assert rows.hits == len(oracle("罚", **narrow)) and not rows.floor


def test_ended_and_withdrawn_decisions_stay_out_of_the_walk(cast, corpus, small_limits, discloser):
    ended = SearchEntry.objects.get(ends_on=TODAY).publication_id
    rows = selectors.search_decisions(TODAY, q="罚")
    assert rows.walk is not None and ended not in ids(rows.walk) and ended not in ids(rows)
    assert ended in [e.publication_id for e in SearchEntry.objects.all()]  # indexed, but over
    assert corpus.pk in ids(rows.walk)
    services.withdraw(discloser, corpus.pk, "决定被撤销")
    rows = selectors.search_decisions(TODAY, q="罚")
    assert corpus.pk not in ids(rows.walk) and corpus.pk not in ids(rows)
    assert ids(rows.walk) == ids(rows) == oracle("罚")


def test_the_portal_page_and_the_api_read_common_terms_through_the_walk(client, cast, corpus, small_limits):
    expected = oracle("罚")
    text = client.get("/portal/decisions/", {"q": "罚"}).content.decode()
    assert f"共 {search.COUNT_CAP}+ 条" in text
    body = client.get("/api/v1/public/publication/decisions", {"q": "罚", "page_size": 3}).json()
    assert body["count"] == search.COUNT_CAP and body["count_capped"] is True
    assert [r["document_number"] for r in body["results"]] == list(
        Publication.objects.filter(pk__in=expected[:3])
        .order_by("-decision_date", "-id")
        .values_list("document_number", flat=True)
    )


def test_the_walk_form_is_not_served_by_the_text_index(cast, corpus, small_limits):
    """The point of the walk: the newest-first page comes from pubsearch_date_desc, not from the
    text index that yields every hit first (GIN bitmap / FTS5 rowid set)."""
    rows = selectors.search_decisions(TODAY, q="罚")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # the test's transaction: tiny tables would be seq-scanned
            cursor.execute("SET LOCAL enable_seqscan = off")
        walk = rows.walk[:3].explain()
        assert "pubsearch_date_desc" in walk and "pubsearch_tsv_gin" not in walk
        with connection.cursor() as cursor:  # and without plain index scans: bitmap scans only
            cursor.execute("SET LOCAL enable_indexscan = off")
        assert "pubsearch_tsv_gin" not in rows.walk[:3].explain()  # the walk never uses the GIN index
        assert "pubsearch_tsv_gin" in selectors.search_decisions(TODAY, q="瑞祥")[:3].explain()
    else:
        walk = rows.walk[:3].explain()
        assert "pubsearch_date_desc" in walk and "TEMP B-TREE" not in walk.upper()
        assert "TEMP B-TREE" in rows[:3].explain().upper()  # the index form sorts the hits


def test_a_term_common_overall_but_not_among_the_newest_rows_falls_back_to_the_index(
    cast, corpus, small_limits, monkeypatch
):
    """Say 2025 in late 2026: walking from the newest row would pass many rows before a hit."""
    monkeypatch.setattr(search, "SCAN_ROWS", 1)  # a window of one row (of 36 live ones) ...
    monkeypatch.setattr(search, "MIN_WINDOW_HITS", 2)  # ... cannot hold enough hits
    rows = selectors.search_decisions(TODAY, q="罚")
    assert getattr(rows, "walk", None) is None and not rows.floor
    assert rows.hits == search.COUNT_CAP + 1 and ids(rows) == oracle("罚")
    paginator = search.CappedPaginator(rows, 3)
    assert paginator.count == search.COUNT_CAP and paginator.capped
    assert ids(paginator.get_page(2).object_list) == oracle("罚")[3:6]
