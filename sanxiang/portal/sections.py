"""What a body's public page shows, gathered from published data only (PUB-04 spirit: no case tables).

Other apps add sections through the hook `portal.body_sections` (sanxiang.core.hooks): a handler
`handler(body) -> list[Section] | Section | None` registered in its AppConfig.ready(). Links to
other apps' public lists are added when their URL names exist (`safe_reverse`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, prefetch_related_objects
from django.template.defaultfilters import linebreaksbr
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from sanxiang.core import hooks
from sanxiang.disclosure import selectors as disclosure
from sanxiang.disclosure.choices import ItemKind
from sanxiang.disclosure.models import Item, Window
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


class Links:
    """The links of one URL pattern with one argument: reverse() once, then fill in each value.

    A body's page links every item and every officer's credential check (hundreds of links on a big
    body); `{% url %}` reverses each afresh, most of a link's cost. A value that reverse() would have
    to quote (anything but letters, digits and hyphens, as in a UUID) goes through reverse() itself,
    so every link is exactly what `{% url %}` gives.
    """

    MARKER = "SanxiangLinkMarker"
    PLAIN = re.compile(r"[0-9A-Za-z-]+")

    def __init__(self, name: str):
        self.name = name
        self.head, self.tail = reverse(name, args=[self.MARKER]).split(self.MARKER)

    def __call__(self, value) -> str:
        text = str(value)
        if self.PLAIN.fullmatch(text):
            return f"{self.head}{text}{self.tail}"
        return reverse(self.name, args=[value])


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


def published_by_kind(body: EnforcementBody) -> dict[str, list[Item]]:
    """Every published item of the body in one query, grouped by kind (the page shows all kinds).

    One query instead of one per kind: an uncached body page spent most of its time compiling the
    SQL of those near-identical querysets (docs/benchmarks.md, portal (b)). The selector's filter
    (published, active body) is kept; the page's own body is attached instead of joining it, and the
    order within a kind is the selector's (position, id).
    """
    rows = disclosure.published_items(body).select_related(None).select_related("published", "recheck")
    groups: dict[str, list[Item]] = {}
    for item in rows.order_by("kind", "position", "id"):
        item.body = body
        groups.setdefault(item.kind, []).append(item)
    return groups


def rows_html(rows: list[tuple[str, str, str]], svg: str = "") -> SafeString:
    """Exactly what the template `disclosure/public/_item_rows.html` renders, built in Python.

    A body's page shows every field of every published item (a large body: hundreds of items, thousands
    of fields), and rendering them node by node through the template engine was most of the page's
    time. `test_portal_queries.py` checks the output against the template itself.
    """
    cells = format_html_join(
        "", "<dt>{}</dt><dd>{}</dd>", ((label, linebreaksbr(text) or "—") for _name, label, text in rows)
    )
    drawing = format_html('<div class="flowchart-wrap">{}</div>', mark_safe(svg)) if svg else ""  # noqa: S308 - our own SVG
    return format_html('<dl class="kv">{}</dl>\n{}\n', cells, drawing)


def _entry(item: Item, link: Links, drawing: bool = True) -> dict:
    shown = item_display(item, item.published)
    html = rows_html(shown["rows"], shown["svg"] if drawing else "")
    return {"item": item, "url": link(item.public_id), "html": html, **shown}


def review_catalogue(body: EnforcementBody) -> list:
    """The published catalogue versions in force today: the city default's and the body's own.

    The same choice as `review.classify.effective` (per owner, the newest version in force by
    effective date, then version), made in one query for both owners, with the items fetched only
    for the versions shown (test_portal_queries.py compares the two).
    """
    from sanxiang.review.choices import CatalogueStatus
    from sanxiang.review.models import Catalogue, CatalogueItem

    rows = Catalogue.objects.filter(
        Q(body__isnull=True) | Q(body_id=body.pk),
        status=CatalogueStatus.IN_FORCE,
        effective_from__lte=timezone.localdate(),
    ).order_by("-effective_from", "-version")
    newest: dict[int | None, Catalogue] = {}
    for catalogue in rows:
        newest.setdefault(catalogue.body_id, catalogue)
    shown = [c for c in (newest.get(None), newest.get(body.pk)) if c is not None and c.published]
    for catalogue in shown:
        if catalogue.body_id is not None:
            catalogue.body = body  # its label names the owner
    prefetch_related_objects(shown, Prefetch("items", queryset=CatalogueItem.objects.order_by("number")))
    return shown


def benchmarks(body: EnforcementBody) -> list:
    from sanxiang.review.selectors import violation_types

    return violation_types(body.pk)


def windows(body: EnforcementBody) -> list[Window]:
    """The body's active position boards as the page lists them: name, place and a link to the PDF.

    Not `disclosure.public_windows`, which also loads each board's staff and their credentials (two
    more queries) for the board itself; the list shows none of that.
    """
    return list(Window.objects.filter(body=body, is_active=True).only("public_id", "name", "location"))


def body_page(body: EnforcementBody) -> dict:
    items = published_by_kind(body)
    item_link, credential_link = Links("disclosure_public:item"), Links("disclosure_public:credential")

    def entries(kind: str) -> list[dict]:
        return [_entry(item, item_link) for item in items.get(kind, [])]

    info = next(iter(items.get(ItemKind.BODY_INFO, [])), None)
    return {
        "body": body,
        "info": _entry(info, item_link, drawing=False) if info else None,
        # (credential, link to its live check) pairs
        "officers": [(c, credential_link(c.number)) for c in disclosure.public_officers(body)],
        "enforcement_items": entries(ItemKind.ENFORCEMENT_ITEM),
        "random_items": entries(ItemKind.RANDOM_ITEM),
        "guides": entries(ItemKind.SERVICE_GUIDE),
        "flowcharts": entries(ItemKind.FLOWCHART),
        "catalogues": review_catalogue(body),
        "benchmarks": benchmarks(body),
        "windows": windows(body),
        "linked_lists": linked_lists(body),
        "sections": hooked_sections(body),
    }
