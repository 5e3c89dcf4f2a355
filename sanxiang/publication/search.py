"""Chinese full-text search of published decisions: one tokenizer, two databases.

Indexing: `terms(text)` gives jieba `cut_for_search` words, every CJK character and every CJK
bigram, plus lower-cased ASCII words, space-separated. PostgreSQL turns them into a tsvector
(array_to_tsvector: no parser, no locale) under a GIN index; SQLite keeps an FTS5 (unicode61) copy.

Matching: each query term (split on spaces) must occur as a substring. A CJK term of one character
asks the index for that character, a longer one for all its bigrams (so 2-character queries, the
usual length of a given name or a place, hit the index exactly); ASCII words match as prefixes.
The index narrows to candidates; `folded LIKE %term%` keeps only true substrings (skipped when the
term is a single index token, which the index answers exactly). jieba's words are in the index too
and rank a whole-word hit first on PostgreSQL (ts_rank) when the hits are few; counts stop at
COUNT_CAP. `find` reads a common term by walking the date index instead of taking every hit from
the text index first (docs/publication.md "Search", docs/benchmarks.md "Portal").
"""

from __future__ import annotations

import json
import logging
import re

from django.core.paginator import Paginator
from django.db import connection, connections
from django.db.models import Q, QuerySet
from django.utils.functional import cached_property

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_WORD = re.compile(r"[0-9a-z]+")
MAX_TERMS = 8
COUNT_CAP = 10_000  # a search reports "10000+" beyond this many hits
RANK_LIMIT = 5_000  # more hits than this are listed newest first instead of by relevance
SCAN_ROWS = 500  # a common term's hits are counted among this many newest rows (find)
MIN_WINDOW_HITS = 1  # none among them: the term is not common lately, use the index
_ready = False


def _jieba():
    global _ready
    import jieba

    if not _ready:
        jieba.setLogLevel(logging.WARNING)
        _ready = True
    return jieba


def fold(text: str) -> str:
    return (text or "").lower()


def _bigrams(run: str) -> list[str]:
    return [run[i : i + 2] for i in range(len(run) - 1)]


def terms(text: str) -> str:
    """The index terms of a text (the one tokenizer both databases use)."""
    text = fold(text)
    found: dict[str, None] = {}
    for word in _jieba().cut_for_search(text):
        word = word.strip()
        if _CJK_RUN.fullmatch(word) or _WORD.fullmatch(word):
            found[word] = None
    for run in _CJK_RUN.findall(text):
        for ch in run:
            found[ch] = None
        for pair in _bigrams(run):
            found[pair] = None
    for word in _WORD.findall(text):
        found[word] = None
    return " ".join(found)


def query_terms(q: str) -> list[str]:
    """The user's terms: split on white space, lower-cased, at most MAX_TERMS."""
    return [t for t in fold(q).split() if t][:MAX_TERMS]


def _index_tokens(term: str) -> list[tuple[str, bool]]:
    """(token, is_prefix) pairs every document containing `term` has in its index."""
    tokens: list[tuple[str, bool]] = []
    for run in _CJK_RUN.findall(term):
        tokens += [(run, False)] if len(run) == 1 else [(b, False) for b in _bigrams(run)]
    words = _WORD.findall(term)
    for i, word in enumerate(words):
        # The first/last ASCII word of a term may be cut off inside a longer word of the text.
        tokens.append((word, i == len(words) - 1))
    return tokens


def _text_tokens(words: list[str]) -> list[tuple[str, bool]]:
    return list(dict.fromkeys(tok for w in words for tok in _index_tokens(w)))


def _match(tokens: list[tuple[str, bool]], walk: bool) -> tuple[str, str] | None:
    """(SQL condition, parameter) for "the text has every token", in the index or the walk form."""
    vendor = connection.vendor
    if vendor == "postgresql":
        expr = " & ".join(_pg_lexeme(t, prefix) for t, prefix in tokens)
        # COALESCE(…, FALSE) is the same test (tsv is never NULL) but no index qual, so no bitmap
        # scan, and the planner guesses it true for half the rows instead of multiplying the
        # tokens' frequencies (which made it sort a sequential scan rather than walk the date index).
        if walk:
            return "COALESCE(publication_searchentry.tsv @@ %s::tsquery, FALSE)", expr
        return "publication_searchentry.tsv @@ %s::tsquery", expr
    if vendor == "sqlite":
        expr = " AND ".join(f'"{t}"' + ("*" if prefix else "") for t, prefix in tokens)
        # SQLite's unary `+` keeps the same test but stops the planner from driving the query from
        # the FTS5 rowid set (one row lookup per hit, then a sort): it walks the date index and
        # checks each row against that set instead.
        if walk:
            return (
                "+publication_searchentry.id IN "
                "(SELECT rowid FROM publication_searchfts WHERE publication_searchfts MATCH %s)",
                expr,
            )
        return (
            "publication_searchentry.id IN "
            "(SELECT rowid FROM publication_searchfts WHERE publication_searchfts MATCH %s)",
            expr,
        )
    return None


def filter_text(queryset: QuerySet, q: str, *, walk: bool = False) -> QuerySet:
    """SearchEntry rows whose text contains every term of `q`.

    The index form (default) lets the database take every hit from the index first (GIN bitmap,
    FTS5 rowid set): cheap when the hits are few. The walk form (`walk=True`) is the same test as
    a row filter, so a newest-first query walks `pubsearch_date_desc` and stops once the page is
    full: cheap when the hits are many (`find`). Both select the same rows."""
    words = query_terms(q)
    if not words:
        return queryset
    tokens = _text_tokens(words)
    match = _match(tokens, walk) if tokens else None
    if match:
        queryset = queryset.extra(where=[match[0]], params=[match[1]])  # noqa: S610 (constant SQL, bound params)
    for word in words:
        if _index_exact(word):
            continue
        if walk and connection.vendor == "postgresql":  # the same LIKE, hidden from the estimates too
            pattern = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            queryset = queryset.extra(
                where=["COALESCE(publication_searchentry.folded LIKE %s, FALSE)"], params=[pattern]
            )
        else:
            queryset = queryset.filter(folded__contains=word)
    return queryset


def _index_exact(term: str) -> bool:
    """Whether the index alone answers "contains `term`": the term is one index token (one CJK
    character, one CJK bigram or one ASCII word, matched as a prefix of the text's words), so the
    substring re-check over every hit can be skipped (docs/benchmarks.md, portal search fix 1)."""
    tokens = _index_tokens(term)
    return len(tokens) == 1 and tokens[0][0] == term


NEWEST = ("-decision_date", "-id")


def _relevance(queryset: QuerySet, q: str) -> QuerySet:
    """Relevance on PostgreSQL (ts_rank over the query's jieba words), newest first as ties and elsewhere."""
    words = [w for w in _jieba().cut_for_search(fold(q)) if _CJK_RUN.fullmatch(w) or _WORD.fullmatch(w)]
    if connection.vendor != "postgresql" or not words:
        return queryset.order_by(*NEWEST)
    expr = " | ".join(_pg_lexeme(w, False) for w in dict.fromkeys(words))
    queryset = queryset.extra(
        select={"rank": "ts_rank(publication_searchentry.tsv, %s::tsquery)"}, select_params=[expr]
    )
    return queryset.order_by("-rank", *NEWEST)


def rank(queryset: QuerySet, q: str) -> QuerySet:
    """Order index-form hits: by relevance on PostgreSQL when they are at most RANK_LIMIT, newest
    first otherwise (ranking scores every hit before the first page can be cut; portal search fix 3).
    Kept for callers that filter themselves; the portal goes through `find`."""
    if connection.vendor == "postgresql" and queryset[: RANK_LIMIT + 1].count() <= RANK_LIMIT:
        return _relevance(queryset, q)
    return queryset.order_by(*NEWEST)


def term_hits(q: str) -> int:
    """How many indexed decisions have the query's index tokens, ignoring filters and periods: on
    SQLite the FTS5 count, exact up to RANK_LIMIT + 1 (FTS5 streams rowids, so this stops early);
    on PostgreSQL the planner's estimate from the tsvector statistics (GIN cannot stop early).
    Only chooses the plan; the rows never depend on it."""
    tokens = _text_tokens(query_terms(q))
    match = _match(tokens, False) if tokens else None
    if match is None:
        return 0
    # The alias the router gives the search rows: the portal's read-only one in a public request
    # (PUB-04); `django.db.connection` would bypass it.
    from .models import SearchEntry

    db = connections[SearchEntry.objects.db]
    with db.cursor() as cursor:
        if db.vendor == "postgresql":
            # Per token, the least: the planner multiplies the tokens' frequencies as if they were
            # independent, but the bigrams of one word (烟花, 花爆, 爆竹) come together.
            found = []
            for token in tokens:
                cursor.execute(
                    "EXPLAIN (FORMAT JSON) SELECT 1 FROM publication_searchentry"
                    " WHERE publication_searchentry.tsv @@ %s::tsquery",
                    [_match([token], False)[1]],
                )
                plan = cursor.fetchone()[0]
                plan = json.loads(plan) if isinstance(plan, str) else plan
                found.append(int(plan[0]["Plan"]["Plan Rows"]))
            return min(found)
        cursor.execute(
            "SELECT COUNT(*) FROM (SELECT 1 FROM publication_searchfts WHERE publication_searchfts MATCH %s"
            " LIMIT %s)",
            [match[1], RANK_LIMIT + 1],
        )
        return cursor.fetchone()[0]


def find(queryset: QuerySet, q: str, row_filter: Q | None = None) -> QuerySet:
    """The portal's search plan (issue 5 §6; docs/publication.md "Search").

    `queryset` holds the filters the date and body indexes serve (period, body, dates);
    `row_filter` the others (kind). The result is the index form (what exports slice); it carries
    `hits` (the count `CappedPaginator` shows, `capped` when it is a floor) and, for a common
    term, `walk`: the same rows in the same order read by walking the date index.

    - A term in at most RANK_LIMIT decisions (`term_hits`): the index form, hits counted exactly
      up to COUNT_CAP, by relevance on PostgreSQL when the hits are at most RANK_LIMIT (as before).
    - A common term: the hits are counted among the newest SCAN_ROWS rows the filters leave
      (a floor, shown "N+", when there are more rows), pages are read by the walk, which stops
      after the page (every page the count offers lies inside those rows); by relevance when
      the count is exact and at most RANK_LIMIT (then all the rows were in the window). If
      fewer than MIN_WINDOW_HITS of those rows match, the term is treated as rare (index form)."""
    narrowed = queryset.filter(row_filter) if row_filter else queryset
    indexed = filter_text(narrowed, q)
    if not _text_tokens(query_terms(q)):
        return indexed.order_by(*NEWEST)  # no index term: nothing to choose
    hits = more = None
    if term_hits(q) > RANK_LIMIT:
        newest = queryset.order_by(*NEWEST)
        more = newest[SCAN_ROWS : SCAN_ROWS + 1].exists()
        in_window = queryset.model.objects.filter(pk__in=newest.values("pk")[:SCAN_ROWS])
        in_window = in_window.filter(row_filter) if row_filter else in_window
        hits = filter_text(in_window, q, walk=True).count()
    if hits is None or (more and hits < MIN_WINDOW_HITS):
        # A rare term, or one whose hits lie further back than the newest rows (a year, say):
        # walking would pass over many rows, so the index answers, with the exact capped count.
        hits = indexed.order_by()[: COUNT_CAP + 1].count()
        found = _relevance(indexed, q) if hits <= RANK_LIMIT else indexed.order_by(*NEWEST)
        found.hits, found.floor = hits, False
        return found
    walk = filter_text(narrowed, q, walk=True)
    if not more and hits <= RANK_LIMIT:
        found = _relevance(indexed, q)
        walk = _relevance(walk, q)
    else:
        found = indexed.order_by(*NEWEST)
        walk = walk.order_by(*NEWEST)
    found.walk, found.hits, found.floor = walk, hits, more
    return found


def plan_for(rows, top: int):
    """The form of `find`'s result to read rows [..top) with: the walk, for every page it counted."""
    walk = getattr(rows, "walk", None)
    if walk is not None and top <= rows.hits:
        return walk
    return rows


class CappedPaginator(Paginator):
    """Counts at most COUNT_CAP hits (a COUNT over a LIMITed subquery, or `find`'s probe), so the
    count of a common term no longer costs a pass over every hit (portal search fix 2); `capped`
    says the count is a floor. Pages come from `plan_for` (the date-index walk near the top)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.capped = False

    @cached_property
    def count(self) -> int:
        found = getattr(self.object_list, "hits", None)
        if found is None:
            found = self.object_list[: COUNT_CAP + 1].count()
        self.capped = found > COUNT_CAP or getattr(self.object_list, "floor", False)
        return min(found, COUNT_CAP)

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        rows = plan_for(self.object_list, top)
        return self._get_page(rows[bottom:top], number, self)


def _pg_lexeme(token: str, prefix: bool) -> str:
    quoted = "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"
    return quoted + (":*" if prefix else "")


def active(queryset: QuerySet, today) -> QuerySet:
    """Rows still inside their publication period (DISC-06), even before the ending job ran."""
    return queryset.filter(Q(ends_on__isnull=True) | Q(ends_on__gt=today))
