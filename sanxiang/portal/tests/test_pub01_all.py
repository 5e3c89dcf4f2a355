"""PUB-01, city-wide: personal data seeded wherever it can enter the platform never leaves the portal.

A small city is built through the real services: officers with ID numbers, phones and qualification
numbers; a decision whose parties, facts, witnesses and documents carry ID numbers (18 and 15 digits),
mobiles, a landline, a bank card, an e-mail, a licence plate, home addresses below county level and
third-party names; a second decision withdrawn with a reason naming a third party; a complaint with the
complainant's name, phone and ID number; published disclosure items, a position board, an annual report
and a good-practice article. Then every public output is fetched and scanned:

- every address in the sitemap (index and its files) and the sitemap files themselves, and robots.txt;
- every portal page reachable from the home page and the body pages, following `/portal/` links
  (query strings included) to a bounded depth;
- every GET endpoint under `/api/v1/public/` in the OpenAPI document, with its ids filled from the
  city's data, and the complaint progress query (POST) with the real tracking code;
- every CSV, XLSX (cell values via openpyxl), PDF (text via pypdf) and .docx among them.

Nothing seeded may appear, and no checksum-valid GB 11643 resident ID number at all.
"""

from __future__ import annotations

import datetime
import io
import json
import re
from collections import deque
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone
from docx import Document as DocxDocument
from openpyxl import load_workbook
from pypdf import PdfReader

from sanxiang.annualreport import services as annualreport_services
from sanxiang.annualreport.figures import MANUAL_CODES
from sanxiang.disclosure import services as disclosure_services
from sanxiang.evaluation import services as evaluation_services
from sanxiang.orgs.models import Officer
from sanxiang.orgs.validators import id_number_check_char
from sanxiang.publication import services as publication_services
from sanxiang.publication.models import Publication
from sanxiang.supervision.snapshots import take_snapshot
from sanxiang.testing import factories as f
from sanxiang.testing import flow

pytestmark = [pytest.mark.django_db, pytest.mark.real_rendering]

MAX_DEPTH = 4
MAX_PAGES = 400

PARTY_ID = f.id_number(991, birth="19800517")
WIFE_ID = f.id_number(992, birth="19820203")
PARTY_ID_15 = "140882800517123"  # an old 15-digit number: region 140882, born 1980-05-17
COMPLAINANT_ID = f.id_number(993, birth="19750101")
SEEDED = {
    "party name": "欧阳铁军",
    "party given name": "铁军",
    "party id": PARTY_ID,
    "party id without check digit": PARTY_ID[:17],
    "party 15-digit id": PARTY_ID_15,
    "second party name": "司马长风",
    "wife id": WIFE_ID,
    "party mobile": "13912345678",
    "wife mobile": "15011112222",
    "landline": "0359-5067788",
    "bank card": "6222021234567890128",
    "plate": "晋M56789",
    "email": "ouyang.tj@example.com",
    "home address detail": "北方平村",
    "home street": "樊村镇",
    "scene address detail": "新耿大街",
    "wife": "刘翠花",
    "witness": "赵铁柱",
    "witness address": "龙门新村",
    "complainant": "钱多多",
    "complainant mobile": "13700001234",
    "complainant id": COMPLAINANT_ID,
    "complaint text": "楼下小卖部长期销售过期奶粉",
    "officer mobile": "13566667777",
    "officer qualification number": "A2020140155",
}
FACTS = (
    f"当事人欧阳铁军（公民身份号码{PARTY_ID}，曾用身份证号码{PARTY_ID_15}）驾驶晋M56789货车，在河津市清涧街道"
    f"新耿大街8号院门口销售过期食品。其妻子刘翠花（公民身份号码{WIFE_ID}，手机15011112222）负责收款，"
    f"收款银行卡号6222021234567890128。证人赵铁柱证实上述情况。当事人联系电话0359-5067788，"
    f"电子邮箱ouyang.tj@example.com。"
)


def id_numbers_in(text: str) -> list[str]:
    """Checksum-valid 18-character resident ID numbers with a real birth date (GB 11643)."""
    found = []
    for candidate in re.findall(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])", text):
        try:
            datetime.datetime.strptime(candidate[6:14], "%Y%m%d")
        except ValueError:
            continue
        if id_number_check_char(candidate[:17]) == candidate[17].upper():
            found.append(candidate)
    return found


# --- the city ---------------------------------------------------------------------------------------


def _decided_case(cast, day, party: dict, facts: str, witness: bool):
    qa = "问：你看到了什么？\n答：看到欧阳铁军在卖过期食品，他的车牌是晋M56789。" if witness else None
    case = flow.decided_with_witness(cast, day, party, facts, qa)
    return Publication.objects.get(case=case, kind__in=["penalty", "no_penalty"])


@pytest.fixture
def city(cast, staff, publish):
    """Everything public, built through the services, with personal data seeded at every entrance."""
    discloser = staff.a
    officers = list(Officer.objects.filter(body__in=[cast.body_a, cast.body_b]))
    for officer in officers:
        officer.phone = SEEDED["officer mobile"]
        officer.has_legal_qualification = True
        officer.legal_qualification_number = SEEDED["officer qualification number"]
        officer.save()
    officer_ids = [o.id_number for o in officers if o.id_number]
    for kind in ("body_info", "enforcement_item", "random_item", "service_guide", "flowchart"):
        publish(kind)
    publish("enforcement_item", body=cast.body_b)
    disclosure_services.save_window(
        staff.a,
        cast.body_a.pk,
        {
            "name": "综合窗口",
            "duties": "受理",
            "progress_query": "网上查询",
            "complaint": "12345",
            "is_active": "on",
            "staff": [o.pk for o in officers if o.body_id == cast.body_a.pk],
        },
    )

    day = timezone.localdate() - datetime.timedelta(days=3)
    party = f.natural_party("欧阳铁军") | {
        "id_number": PARTY_ID,
        "phone": "13912345678",
        "address": "山西省运城市河津市樊村镇北方平村3组18号",
    }
    published = _decided_case(cast, day, party, FACTS, witness=True)
    publication_services.submit(discloser, published.pk)
    publication_services.approve(cast.chief_a, published.pk, "同意")

    other = f.natural_party("司马长风") | {"phone": "13912345678", "address": "河津市樊村镇北方平村9号"}
    withdrawn = _decided_case(cast, day, other, "当事人司马长风在新耿大街销售过期食品。", witness=False)
    publication_services.submit(discloser, withdrawn.pk)
    publication_services.approve(cast.chief_a, withdrawn.pk, "同意")
    publication_services.withdraw(discloser, withdrawn.pk, "经复查，证人刘翠花的证言不实，决定已撤销")

    year = timezone.localdate().year - 1
    report = annualreport_services.generate_report(discloser, {"year": year, "body": cast.body_a.pk})
    manual = dict.fromkeys(MANUAL_CODES, 0) | {"narrative": "本年度依法开展行政执法工作。"}
    annualreport_services.update_draft(discloser, report.pk, manual)
    annualreport_services.approve_report(cast.chief_a, report.pk)
    annualreport_services.publish_report(discloser, report.pk)

    article = evaluation_services.save_article(
        cast.supervisor,
        {
            "title": "推行说理式执法",
            "summary": "经验做法",
            "text": "在处罚决定书中充分说理。",
            "body": cast.body_a.pk,
        },
    )
    evaluation_services.set_published(cast.supervisor, article, True)

    complaint = evaluation_services.submit_complaint(
        {
            "kind": "complaint",
            "about_body": cast.body_a.pk,
            "subject": "举报销售过期奶粉",
            "content": f"{SEEDED['complaint text']}，我的身份证号{COMPLAINANT_ID}，请回电。",
            "name": SEEDED["complainant"],
            "phone": SEEDED["complainant mobile"],
        }
    )
    take_snapshot(timezone.localdate())  # the supervision indicators' public snapshot
    secrets = dict(SEEDED) | {f"officer id {i}": value for i, value in enumerate(officer_ids)}
    return {
        "secrets": secrets,
        "tracking_code": complaint.tracking_code,
        "published": published,
        "withdrawn": withdrawn,
    }


# --- the crawler ------------------------------------------------------------------------------------


def text_of(response) -> str:
    """What a person or a program gets out of an answer, whatever its format."""
    content_type = response.get("Content-Type", "")
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if "spreadsheetml" in content_type:
        book = load_workbook(io.BytesIO(content))
        return "\n".join(
            str(v)
            for sheet in book
            for row in sheet.iter_rows(values_only=True)
            for v in row
            if v is not None
        )
    if "pdf" in content_type:
        return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)
    if "wordprocessingml" in content_type:
        document = DocxDocument(io.BytesIO(content))
        cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
        return "\n".join([p.text for p in document.paragraphs] + cells)
    if content_type.startswith("image/png"):
        return ""
    text = content.decode("utf-8-sig")
    if "json" in content_type:
        text = json.dumps(json.loads(text), ensure_ascii=False)  # \uXXXX escapes would hide Chinese
    return text


HREF = re.compile(r"""(?:href|src|action)="([^"]+)\"""")
LOC = re.compile(r"<loc>([^<]+)</loc>")


def portal_links(html: str) -> set[str]:
    links = set()
    for raw in HREF.findall(html):
        url = raw.replace("&amp;", "&").split("#", 1)[0]
        parts = urlsplit(url)
        if parts.path.startswith("/portal/"):
            links.add(parts.path + (f"?{parts.query}" if parts.query else ""))
    return links


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


class Crawl:
    def __init__(self, client):
        self.client = client
        self.outputs: dict[str, str] = {}
        self.statuses: dict[str, int] = {}
        self.in_sitemap: list[str] = []  # set by crawl_every_public_output

    def get(self, url: str) -> str:
        if url not in self.outputs:
            response = self.client.get(url)
            assert response.status_code < 500, url
            self.statuses[url] = response.status_code
            self.outputs[url] = text_of(response)
        return self.outputs[url]

    def served(self, url: str) -> str:
        """The output less what the request itself sent: a search form shows the query it was given."""
        text = self.outputs[url]
        for values in parse_qs(urlsplit(url).query).values():
            for value in values:
                text = text.replace(value, "")
        return text

    def follow(self, starts: list[str]) -> None:
        queue = deque((url, 0) for url in starts)
        seen = set(starts)
        while queue and len(self.outputs) < MAX_PAGES:
            url, depth = queue.popleft()
            text = self.get(url)
            if depth >= MAX_DEPTH:
                continue
            for link in portal_links(text) - seen:
                seen.add(link)
                queue.append((link, depth + 1))

    def sitemap(self) -> list[str]:
        pages = []
        for child in LOC.findall(self.get("/portal/sitemap.xml")):
            pages += [path_of(u) for u in LOC.findall(self.get(path_of(child)))]
        for url in pages:
            self.get(url)
        return pages


def api_urls(client, cast, city) -> list[str]:
    """Every public GET endpoint of the OpenAPI document, with ids taken from the city."""
    from sanxiang.annualreport.models import AnnualReport
    from sanxiang.disclosure.models import Item

    bodies = [str(b.public_id) for b in (cast.body_a, cast.body_b)]
    items = [str(i.public_id) for i in Item.objects.filter(published__isnull=False)]
    numbers = [c.number for o in Officer.objects.all() for c in o.credentials.all()]
    fill = {
        "body_id": bodies,
        "item_id": items,
        "public_id": [str(p.public_id) for p in Publication.objects.all()],
        "report_id": [str(r.public_id) for r in AnnualReport.objects.all()],
        "fmt": ["docx", "xlsx", "pdf"],
    }
    schema = client.get("/api/v1/openapi.json").json()
    urls = []
    for path, operations in schema["paths"].items():
        if not path.startswith("/api/v1/public/") or "get" not in operations:
            continue
        expanded = [path]
        for name in re.findall(r"{(\w+)}", path):
            values = fill.get(name)
            if name == "number":
                values = numbers if "/credentials/" in path else ["1"]
            assert values, f"no value to fill {{{name}}} in {path}"
            expanded = [u.replace(f"{{{name}}}", v) for u in expanded for v in values]
        params = {p["name"] for p in operations["get"].get("parameters", []) if p["in"] == "query"}
        for url in expanded:
            urls.append(url)
            if "body" in params:  # some filters take the public id, others the key
                urls += [f"{url}?body={b}" for b in bodies + [str(cast.body_a.pk), str(cast.body_b.pk)]]
            if "q" in params:
                urls += [f"{url}?q={v}" for v in ("过期食品", "欧阳某", PARTY_ID, "刘翠花")]
    return urls


def crawl_every_public_output(client, cast, city) -> Crawl:  # noqa: F811
    """Every public page (from the sitemap and the links of the home and body pages), every public API
    endpoint, a search and the CSV export; the complaint progress query is added by the PUB-01 test
    (it is a declared exception of the PUB-04 tests that reuse this crawl)."""
    crawl = Crawl(client)
    in_sitemap = crawl.sitemap()
    crawl.get("/portal/robots.txt")
    crawl.follow(["/portal/", *[u for u in in_sitemap if u.startswith("/portal/bodies/")]])
    for url in api_urls(client, cast, city):
        crawl.get(url)
    for url in (
        "/portal/decisions/?q=过期食品",
        f"/portal/decisions/?q={PARTY_ID}",
        "/portal/decisions/export.csv",
    ):
        crawl.get(url)
    crawl.in_sitemap = in_sitemap
    return crawl


def test_nothing_seeded_leaves_any_public_output(client, cast, city, settings):  # noqa: F811
    settings.SANXIANG_PORTAL_RATE_LIMIT = False  # the crawl is one client making hundreds of requests
    crawl = crawl_every_public_output(client, cast, city)
    in_sitemap = crawl.in_sitemap
    track = client.post("/portal/complaints/track/", {"code": city["tracking_code"]})
    progress = client.post(
        "/api/v1/public/complaints/progress", {"code": city["tracking_code"]}, "application/json"
    )
    crawl.outputs["complaint track page"] = text_of(track)
    crawl.outputs["complaint progress api"] = text_of(progress)

    # The crawl really reached every kind of output, and the content is there.
    urls = set(crawl.outputs)
    kinds = {
        "sitemap": "/portal/sitemap-portal.xml",
        "decision page": "/portal/decisions/",
        "item page": "/portal/items/",
        "report page": "/portal/reports/",
        "practice page": "/portal/practices/",
        "credential page": "/portal/credentials/",
        "board pdf": "/portal/boards/",
        "csv": ".csv",
        "xlsx": ".xlsx",
        "report pdf": "/download/pdf/",
        "report docx": "/download/docx/",
        "json": "/api/v1/public/",
    }
    assert {k for k, marker in kinds.items() if any(marker in u for u in urls)} == set(kinds)
    assert len(urls) > 60 and len([u for u in urls if u.startswith("/api/")]) > 20
    decision_url = f"/portal/decisions/{city['published'].public_id}/"
    assert decision_url in in_sitemap
    assert "过期食品" in crawl.outputs[decision_url] and "欧阳某" in crawl.outputs[decision_url]
    assert f"/portal/decisions/{city['withdrawn'].public_id}/" not in in_sitemap  # DISC-05: not listed
    assert track.status_code == 200 and progress.status_code == 200
    assert "已撤回" in crawl.get(f"/portal/decisions/{city['withdrawn'].public_id}/")
    assert all(status < 500 for status in crawl.statuses.values())
    assert all(crawl.statuses[url] == 200 for url in in_sitemap)
    assert crawl.statuses["/api/v1/public/supervision/city"] == 200

    leaks = {}
    for where in crawl.outputs:
        text = crawl.served(where)
        leaks[where] = [label for label, value in city["secrets"].items() if value in text] + id_numbers_in(
            text
        )
    assert {where: found for where, found in leaks.items() if found} == {}
    assert id_numbers_in(f"x {PARTY_ID} y") == [PARTY_ID]  # the checker itself works


def test_the_seeded_data_really_entered_the_platform(city):
    """The control for the scan above: the sources do hold what must not leave."""
    from sanxiang.evaluation.models import Complaint

    source = city["published"].versions.first().source_text
    for value in (
        PARTY_ID,
        PARTY_ID_15,
        WIFE_ID,
        "刘翠花",
        "6222021234567890128",
        "晋M56789",
        "ouyang.tj@example.com",
    ):
        assert value in source, value
    complaint = Complaint.objects.get(tracking_code=city["tracking_code"])
    assert (
        complaint.name == "钱多多"
        and complaint.phone == "13700001234"
        and COMPLAINANT_ID in complaint.content
    )
    assert Officer.objects.filter(phone=SEEDED["officer mobile"]).count() >= 5
