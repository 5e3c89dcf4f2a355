"""Uncached public pages and API answers cost a fixed number of queries, whatever they list.

Each page is counted with a few rows and again with ten times as many; both counts must equal the
pinned constant, so an N+1 (a query per item, officer, board, body or decision) fails here. The page
cache is off: these are the costs of a miss (docs/benchmarks.md, portal (b)). Public reads go to the
`portal` alias only where it is a connection of its own (PUB-04, sanxiang.portal.routers); in tests
it mirrors default and they stay on default, which is counted here.
"""

from uuid import uuid4

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sanxiang.disclosure.models import Item, ItemVersion, Window, WindowStaff
from sanxiang.portal import sections
from sanxiang.publication.models import Publication, SearchEntry
from sanxiang.review import classify
from sanxiang.testing import factories as f

pytestmark = pytest.mark.django_db

KINDS = ("enforcement_item", "random_item", "service_guide", "flowchart")

# body, its items (every kind), officers, catalogue versions + their items, benchmarks + ranges,
# position boards
BODY_PAGE = 8
HOME = 1  # the bodies
DECISION_PAGE = 3  # the decision, its published version, the ledger entry
# The decision search (publication's plan, docs/publication.md "Search"): how common the term is
# (`search.term_hits`), the count, the page of rows, their versions, the bodies of the form's select.
SEARCH = 5
SEARCH_WITH_BODY = 6  # + the body filter's lookup
API = {
    "/api/v1/public/bodies": 1,
    "/api/v1/public/publication/decisions?q=食品&page_size=50": 4,  # the search's 4, no form
}


def count(client, url) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as capture:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(capture.captured_queries), response


@pytest.fixture(autouse=True)
def _uncached(settings):
    settings.SANXIANG_PORTAL_CACHE = False


def clone_items(item: Item, n: int) -> None:
    """n more published items like `item` (copies of its rows: services would make the test slow)."""
    for i in range(n):
        version = ItemVersion.objects.get(pk=item.published_id)
        version.pk, version.item = None, None
        copy = Item.objects.create(
            body=item.body, kind=item.kind, position=item.position + i + 1, title=f"{item.title}{i}"
        )
        version.item = copy
        version.save()
        copy.latest = copy.published = version
        copy.save()


def add_boards(body, officer, n: int) -> None:
    for i in range(n):
        window = Window.objects.create(
            body=body, name=f"窗口{uuid4().hex[:8]}", duties="受理", progress_query="电话", complaint="12345"
        )
        WindowStaff.objects.create(window=window, officer=officer, position=i)


def add_benchmarks(body, n: int) -> None:
    from sanxiang.review.models import BenchmarkRange, ViolationType

    for i in range(n):
        violation = ViolationType.objects.create(
            body=body, code=f"T-{uuid4().hex[:8]}", name=f"违法行为{i}", legal_basis="《食品安全法》"
        )
        for circumstance in ("lighter", "general"):
            BenchmarkRange.objects.create(violation_type=violation, circumstance=circumstance, max_fine=1000)


def clone_decisions(publication: Publication, n: int) -> None:
    version = publication.versions.get(number=publication.published_version)
    entry = SearchEntry.objects.get(publication=publication)
    for _ in range(n):
        publication.pk, publication.public_id = None, uuid4()
        publication.save()
        version.pk, version.publication = None, publication
        version.save()
        entry.pk, entry.publication = None, publication
        entry.save()


def test_the_body_page_costs_the_same_queries_for_3_and_30_of_everything(client, cast, staff, publish):
    publish("body_info")
    items = [publish(kind) for kind in KINDS]
    url = f"/portal/bodies/{cast.body_a.public_id}/"
    for item in items:
        clone_items(item, 2)
    add_boards(cast.body_a, cast.officers_a[0], 3)
    add_benchmarks(cast.body_a, 3)
    few, page = count(client, url)
    assert page.content.decode().count("历史版本") == 1 + 3 * len(KINDS)
    for item in items:
        clone_items(item, 27)
    add_boards(cast.body_a, cast.officers_a[0], 27)
    add_benchmarks(cast.body_a, 27)
    for n in range(27):
        f.make_officer(cast.body_a, f"执法员{n}")
    many, page = count(client, url)
    assert page.content.decode().count("历史版本") == 1 + 30 * len(KINDS)
    assert page.content.decode().count("打印版 PDF") == 30
    assert page.content.decode().count("违法行为") >= 30
    assert few == many == BODY_PAGE


def test_the_home_page_is_one_query_for_2_and_32_bodies(client, cast):
    few, _ = count(client, "/portal/")
    for n in range(30):
        f.make_body(f"测试执法主体{n}", f"测{n}")
    many, page = count(client, "/portal/")
    assert "测试执法主体29" in page.content.decode()
    assert few == many == HOME


def test_decision_page_and_search_cost_the_same_for_3_and_30_decisions(client, cast, decision):
    clone_decisions(Publication.objects.get(pk=decision.pk), 2)
    urls = {
        f"/portal/decisions/{decision.public_id}/": DECISION_PAGE,
        "/portal/decisions/?q=食品": SEARCH,
        f"/portal/decisions/?q=食品&body={cast.body_a.pk}": SEARCH_WITH_BODY,
        **API,
    }
    few = {url: count(client, url)[0] for url in urls}
    clone_decisions(Publication.objects.get(pk=decision.pk), 27)
    many = {url: count(client, url)[0] for url in urls}
    assert count(client, "/api/v1/public/publication/decisions?page_size=50")[1].json()["count"] == 30
    assert few == many == urls


def test_the_catalogue_shown_is_the_one_classify_finds(cast):
    """The body page picks the catalogue versions in force in one query; the choice must stay the
    review app's (`classify.effective`): newest in force per owner, published ones shown."""
    from sanxiang.review.choices import CatalogueStatus
    from sanxiang.review.models import Catalogue

    def expected(body):
        found = classify.effective(body.pk, timezone.localdate())
        return [c.pk for c in found if c is not None and c.published]

    city = Catalogue.objects.filter(body__isnull=True).order_by("-version").first()
    base = {"status": CatalogueStatus.IN_FORCE, "title": "目录", "effective_from": city.effective_from}
    Catalogue.objects.create(body=cast.body_a, version=1, published=True, **base)
    newest = Catalogue.objects.create(body=cast.body_a, version=2, published=True, **base)
    assert (
        [c.pk for c in sections.review_catalogue(cast.body_a)]
        == expected(cast.body_a)
        == [city.pk, newest.pk]
    )
    assert sections.review_catalogue(cast.body_a)[1].label == "河市监目录（第 2 版）"
    Catalogue.objects.create(body=cast.body_a, version=3, published=False, **base)  # newest, unpublished
    assert [c.pk for c in sections.review_catalogue(cast.body_a)] == expected(cast.body_a) == [city.pk]
    assert [c.pk for c in sections.review_catalogue(cast.body_b)] == expected(cast.body_b)


def test_links_are_what_the_url_tag_gives():
    """The body page fills links in instead of reversing each (`sections.Links`): same addresses,
    values that need quoting included."""
    from django.urls import NoReverseMatch, reverse

    item, credential = (
        sections.Links("disclosure_public:item"),
        sections.Links("disclosure_public:credential"),
    )
    value = uuid4()
    assert item(value) == reverse("disclosure_public:item", args=[value]) == f"/portal/items/{value}/"
    for number in ("14088220260001", "晋执 0001", "A&B?c=d", "50%", "x:y@z"):
        assert credential(number) == reverse("disclosure_public:credential", args=[number]), number
    with pytest.raises(NoReverseMatch):  # like {% url %}: no link with a slash in the value
        credential("a/b")


@pytest.mark.parametrize("kind", ["body_info", *KINDS])
def test_item_rows_are_what_the_disclosure_template_renders(kind):
    """The body page builds each item's fields in Python (`sections.rows_html`); the disclosure
    partial stays the reference, special characters, line breaks and empty fields included."""
    from django.template.loader import render_to_string

    from sanxiang.disclosure.content import spec
    from sanxiang.disclosure.public_views import item_display
    from sanxiang.disclosure.services import validated
    from sanxiang.disclosure.testing import sample

    content = validated(spec(kind).form, sample(kind))
    item = Item(kind=kind, title="<事项> & “引号”")
    shown = item_display(item, ItemVersion(content=content))
    rows = [*shown["rows"], ("x", "标签<b>", "第一行\n第二行 & <i>"), ("y", "空", ""), ("z", "单引号", "'\"")]
    for svg in ("", shown["svg"]):
        expected = render_to_string("disclosure/public/_item_rows.html", {"rows": rows, "svg": svg})
        assert sections.rows_html(rows, svg) == expected
    assert (kind == "flowchart") == ("<svg" in shown["svg"])
