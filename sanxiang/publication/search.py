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
COUNT_CAP (docs/publication.md, docs/benchmarks.md "Portal").
"""

from __future__ import annotations

import logging
import re

from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Q, QuerySet
from django.utils.functional import cached_property

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_WORD = re.compile(r"[0-9a-z]+")
MAX_TERMS = 8
COUNT_CAP = 10_000  # a search reports "10000+" beyond this many hits
RANK_LIMIT = 5_000  # more hits than this are listed newest first instead of by relevance
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


def filter_text(queryset: QuerySet, q: str) -> QuerySet:
    """SearchEntry rows whose text contains every term of `q`, using the database's index."""
    words = query_terms(q)
    if not words:
        return queryset
    tokens = list(dict.fromkeys(tok for w in words for tok in _index_tokens(w)))
    vendor = connection.vendor
    if tokens and vendor == "postgresql":
        expr = " & ".join(_pg_lexeme(t, prefix) for t, prefix in tokens)
        queryset = queryset.extra(where=["publication_searchentry.tsv @@ %s::tsquery"], params=[expr])
    elif tokens and vendor == "sqlite":
        expr = " AND ".join(f'"{t}"' + ("*" if prefix else "") for t, prefix in tokens)
        queryset = queryset.extra(
            where=[
                "publication_searchentry.id IN (SELECT rowid FROM publication_searchfts WHERE publication_searchfts MATCH %s)"
            ],
            params=[expr],
        )
    for word in words:
        if not _index_exact(word):
            queryset = queryset.filter(folded__contains=word)
    return queryset


def _index_exact(term: str) -> bool:
    """Whether the index alone answers "contains `term`": the term is one index token (one CJK
    character, one CJK bigram or one ASCII word, matched as a prefix of the text's words), so the
    substring re-check over every hit can be skipped (docs/benchmarks.md, portal search fix 1)."""
    tokens = _index_tokens(term)
    return len(tokens) == 1 and tokens[0][0] == term


def rank(queryset: QuerySet, q: str) -> QuerySet:
    """Order by relevance on PostgreSQL (jieba words of the query), newest first otherwise and as ties.

    Ranking scores every hit before the first page can be cut, so a common term (thousands of hits)
    is listed newest first instead, which the date index serves row by row (portal search fix 3)."""
    words = [w for w in _jieba().cut_for_search(fold(q)) if _CJK_RUN.fullmatch(w) or _WORD.fullmatch(w)]
    if connection.vendor == "postgresql" and words and queryset[: RANK_LIMIT + 1].count() <= RANK_LIMIT:
        expr = " | ".join(_pg_lexeme(w, False) for w in dict.fromkeys(words))
        queryset = queryset.extra(
            select={"rank": "ts_rank(publication_searchentry.tsv, %s::tsquery)"}, select_params=[expr]
        )
        return queryset.order_by("-rank", "-decision_date", "-id")
    return queryset.order_by("-decision_date", "-id")


class CappedPaginator(Paginator):
    """Counts at most COUNT_CAP hits (a COUNT over a LIMITed subquery), so the count of a common term
    no longer costs a pass over every hit (portal search fix 2); `capped` says the count is a floor."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.capped = False

    @cached_property
    def count(self) -> int:
        found = self.object_list[: COUNT_CAP + 1].count()
        self.capped = found > COUNT_CAP
        return min(found, COUNT_CAP)


def _pg_lexeme(token: str, prefix: bool) -> str:
    quoted = "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"
    return quoted + (":*" if prefix else "")


def active(queryset: QuerySet, today) -> QuerySet:
    """Rows still inside their publication period (DISC-06), even before the ending job ran."""
    return queryset.filter(Q(ends_on__isnull=True) | Q(ends_on__gt=today))
