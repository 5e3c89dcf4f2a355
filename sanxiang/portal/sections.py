"""What a body's public page shows, gathered from published data only (PUB-04 spirit: no case tables).

Other apps add sections through the hook `portal.body_sections` (sanxiang.core.hooks): a handler
`handler(body) -> list[Section] | Section | None` registered in its AppConfig.ready(). Links to
other apps' public lists are added when their URL names exist (`safe_reverse`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from sanxiang.core import hooks
from sanxiang.disclosure import selectors as disclosure
from sanxiang.disclosure.choices import ItemKind
from sanxiang.disclosure.public_views import item_display
from sanxiang.orgs.models import EnforcementBody

BODY_SECTIONS = "portal.body_sections"

# Other apps' public list pages, linked from a body's page when their URL names exist. The query
# filters the list to the body where the app supports it (publication's search takes the body's pk).
LINKED_LISTS = (
    (
        "行政执法决定公开",
        ("publication_public:search", "publication_public:decision_list", "publication_public:list"),
        lambda body: f"body={body.pk}",
    ),
    (
        "行政执法统计年报",
        ("annualreport_public:list", "annualreport_public:report_list"),
        lambda body: "",
    ),
)


@dataclass
class Section:
    """A block of a body's page added by another app: a title and either HTML or a link list."""

    title: str
    html: str = ""
    links: list[tuple[str, str]] = field(default_factory=list)  # (label, url)
    anchor: str = ""


def safe_reverse(*names: str, query: str = "") -> str | None:
    """The first of `names` that resolves, or None: the portal works whether or not an app is built."""
    for name in names:
        try:
            return reverse(name) + (f"?{query}" if query else "")
        except NoReverseMatch:
            continue
    return None


def linked_lists(body: EnforcementBody) -> list[tuple[str, str]]:
    links = []
    for label, names, query in LINKED_LISTS:
        url = safe_reverse(*names, query=query(body))
        if url:
            links.append((label, url))
    return links


def hooked_sections(body: EnforcementBody) -> list[Section]:
    sections: list[Section] = []
    for result in hooks.call(BODY_SECTIONS, body=body):
        if result is None:
            continue
        sections.extend(result if isinstance(result, list | tuple) else [result])
    return sections


def _items(body: EnforcementBody, kind: str) -> list[dict]:
    return [{"item": i, **item_display(i, i.published)} for i in disclosure.published_items(body, kind)]


def review_catalogue(body: EnforcementBody) -> list:
    """The published catalogue versions in force today: the city default's and the body's own."""
    from sanxiang.review import classify

    return [c for c in classify.effective(body.pk, timezone.localdate()) if c is not None and c.published]


def benchmarks(body: EnforcementBody) -> list:
    from sanxiang.review.selectors import violation_types

    return violation_types(body.pk)


def body_page(body: EnforcementBody) -> dict:
    info = disclosure.published_items(body, ItemKind.BODY_INFO).first()
    return {
        "body": body,
        "info": {"item": info, **item_display(info, info.published)} if info else None,
        "officers": disclosure.public_officers(body),
        "enforcement_items": _items(body, ItemKind.ENFORCEMENT_ITEM),
        "random_items": _items(body, ItemKind.RANDOM_ITEM),
        "guides": _items(body, ItemKind.SERVICE_GUIDE),
        "flowcharts": _items(body, ItemKind.FLOWCHART),
        "catalogues": review_catalogue(body),
        "benchmarks": benchmarks(body),
        "windows": disclosure.public_windows(body),
        "linked_lists": linked_lists(body),
        "sections": hooked_sections(body),
    }
