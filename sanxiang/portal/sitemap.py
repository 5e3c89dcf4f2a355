"""The portal's sitemap (sitemaps.org 0.9): a sitemap index pointing at one file of portal pages and
the live published decisions in files of at most 50 000 addresses each.

Listed: the portal's lists, every public body, every published disclosure item, every live published
decision (not withdrawn, blocked, ended or removed: DISC-05/06), every published annual report, every
published good-practice article. Not listed: credential checks (a directory of officers for scrapers),
downloads, search result pages and the complaint forms. Addresses only, read from published data
(PUB-04); nothing personal (PUB-01).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from xml.sax.saxutils import escape

from django.urls import reverse

from sanxiang.annualreport import selectors as annualreport
from sanxiang.disclosure import selectors as disclosure
from sanxiang.evaluation import selectors as evaluation
from sanxiang.publication import selectors as publication

from .sections import safe_reverse

PER_FILE = 50_000
XMLNS = "http://www.sitemaps.org/schemas/sitemap/0.9"


@dataclass(frozen=True)
class Entry:
    path: str
    lastmod: datetime.date | None = None


def _day(value) -> datetime.date | None:
    if value is None:
        return None
    return value.date() if isinstance(value, datetime.datetime) else value


def portal_entries() -> Iterator[Entry]:
    """Everything except decisions: lists, bodies, items, reports, practices."""
    for names in (
        ("portal_public:home",),
        ("portal_public:data",),
        ("publication_public:search",),
        ("annualreport_public:list",),
        ("evaluation_public:practices",),
        ("supervision_public:indicators",),
    ):
        path = safe_reverse(*names)
        if path:
            yield Entry(path)
    for body in disclosure.public_bodies():
        yield Entry(reverse("portal_public:body", args=[body.public_id]))
    for item in disclosure.published_items():
        yield Entry(
            reverse("disclosure_public:item", args=[item.public_id]), _day(item.published.published_at)
        )
    for report in annualreport.published_reports().order_by("-year", "pk"):
        yield Entry(reverse("annualreport_public:report", args=[report.public_id]), report.published_on)
    for article in evaluation.published_articles().order_by("-published_at", "pk"):
        yield Entry(
            reverse("evaluation_public:practice", args=[article.public_id]), _day(article.published_at)
        )


def live_decisions(today: datetime.date):
    """Live published decisions, oldest first (stable pages): the search rows are exactly those."""
    return publication.open_data(today).order_by("pk")


def decision_files(today: datetime.date) -> int:
    return (live_decisions(today).count() + PER_FILE - 1) // PER_FILE


def decision_entries(today: datetime.date, number: int) -> Iterator[Entry]:
    """File `number` (1-based) of the decisions."""
    start = (number - 1) * PER_FILE
    rows = live_decisions(today).values_list("publication__public_id", "publication__published_on")
    for public_id, published_on in rows[start : start + PER_FILE]:
        yield Entry(reverse("publication_public:decision", args=[public_id]), published_on)


def urlset(base: str, entries: Iterable[Entry]) -> str:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<urlset xmlns="{XMLNS}">']
    for entry in entries:
        lastmod = f"<lastmod>{entry.lastmod.isoformat()}</lastmod>" if entry.lastmod else ""
        lines.append(f"<url><loc>{escape(base + entry.path)}</loc>{lastmod}</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def index(base: str, today: datetime.date) -> str:
    paths = [reverse("portal_public:sitemap_portal")]
    paths += [
        reverse("portal_public:sitemap_decisions", args=[n]) for n in range(1, decision_files(today) + 1)
    ]
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<sitemapindex xmlns="{XMLNS}">']
    lines += [f"<sitemap><loc>{escape(base + path)}</loc></sitemap>" for path in paths]
    lines.append("</sitemapindex>")
    return "\n".join(lines) + "\n"


def robots(base: str) -> str:
    """Crawlers may read the pages; search results and bulk exports are for people and the open-data
    API (the rate limits apply either way)."""
    return "\n".join(
        [
            "User-agent: *",
            "Disallow: /portal/decisions/?",
            "Disallow: /portal/decisions/export",
            "Disallow: /portal/complaints/",
            "Disallow: /portal/credentials/",
            "Allow: /portal/",
            "Disallow: /",
            f"Sitemap: {base}{reverse('portal_public:sitemap')}",
            "",
        ]
    )
