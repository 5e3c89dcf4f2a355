"""Exports (.docx, .xlsx, PDF) that open and hold the figures; the portal's pages, charts and open data."""

import io
import re

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from sanxiang.annualreport import charts, services
from sanxiang.annualreport.choices import PenaltyCategory

from .test_workflow import complete, draft

pytestmark = pytest.mark.django_db
NARRATIVE = "本年度全面推行行政执法三项制度。\n全年未发生行政执法过错责任追究。"


@pytest.fixture
def published(cast, discloser_a, built_year):
    report = draft(discloser_a, cast.body_a, built_year.year)
    services.update_draft(discloser_a, report.pk, complete(permit_applications=37, narrative=NARRATIVE))
    services.approve_report(cast.chief_a, report.pk)
    return services.publish_report(discloser_a, report.pk)


def test_every_export_opens_and_holds_the_figures_and_the_portal_shows_them(client, cast, published):
    year = published.year
    base = f"/portal/reports/{published.public_id}"
    docx = client.get(f"{base}/download/docx/")
    assert docx.status_code == 200 and "filename*=UTF-8''" in docx["Content-Disposition"]
    document = Document(io.BytesIO(docx.content))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    assert f"{cast.body_a.name}{year}年度行政执法统计年报" in text and "全年未发生" in text
    assert cells[cells.index("其中：暂扣、吊销许可证件") + 1] == "1"
    assert cells[cells.index("罚款金额") + 1] == "8000.00"
    assert cells[cells.index("受理行政许可申请") + 1 : cells.index("受理行政许可申请") + 4] == [
        "37",
        "件",
        "手工填报",
    ]
    assert cells[cells.index("其中：行政拘留") + 1] == "0"  # STAT-03

    xlsx = client.get(f"{base}/download/xlsx/")
    sheet = load_workbook(io.BytesIO(xlsx.content))["统计数据"]
    rows = {r[5]: r for r in sheet.iter_rows(min_row=4, values_only=True)}
    assert rows["penalty_decisions"][2] == 5 and rows["penalty_qualification"][2] == 1
    assert float(rows["fine_total"][2]) == 8000 and rows["permit_applications"][4] == "手工填报"
    assert rows["penalty_detention"][2] == 0

    pdf = client.get(f"{base}/download/pdf/")
    assert pdf["Content-Type"] == "application/pdf"
    pages = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    flat = re.sub(r"\s+", "", pages)
    assert f"{year}年度行政执法统计年报" in flat and "降低资质等级" in flat and "8000.00" in flat

    page = client.get(f"{base}/").content.decode()
    assert page.count("<svg") == 2 and "<script" not in page and "cdn" not in page.lower()
    assert "暂扣、吊销许可证件" in page and "手工填报" in page and "全年未发生" in page
    listing = client.get("/portal/reports/").content.decode()
    assert cast.body_a.name in listing and str(published.public_id) in listing

    data = client.get(f"/api/v1/public/annual-reports/{published.public_id}").json()
    lines = {line["code"]: line for s in data["sections"] for line in s["lines"]}
    assert lines["penalty_license"]["value"] == 1 and lines["permit_applications"]["source"] == "manual"
    assert data["licence"] and data["content_sha256"] == published.content_sha256
    assert client.get(f"/annualreport/{published.pk}/export/xlsx/").status_code == 302  # staff only


def test_drafts_and_approved_reports_never_reach_the_portal(client, cast, discloser_a, year):
    report = draft(discloser_a, cast.body_a, year)
    for url in (
        f"/portal/reports/{report.public_id}/",
        f"/portal/reports/{report.public_id}/download/pdf/",
        f"/api/v1/public/annual-reports/{report.public_id}",
        "/portal/reports/not-a-uuid/",
    ):
        assert client.get(url).status_code == 404
    services.update_draft(discloser_a, report.pk, complete())
    services.approve_report(cast.chief_a, report.pk)
    assert client.get(f"/portal/reports/{report.public_id}/").status_code == 404
    assert client.get("/api/v1/public/annual-reports").json()["reports"] == []
    assert str(report.public_id) not in client.get("/portal/reports/").content.decode()
    services.publish_report(discloser_a, report.pk)
    assert client.get(f"/portal/reports/{report.public_id}/download/odt/").status_code == 404
    listed = client.get("/api/v1/public/annual-reports").json()["reports"]
    assert [r["id"] for r in listed] == [str(report.public_id)] and listed[0]["on_time"] in (True, False)


def test_the_chart_draws_every_kind_with_zeros_and_escapes_labels():
    bars = [(c.label, 0) for c in PenaltyCategory] + [("<b>&", 3)]
    svg = str(charts.bar_chart("图 <1>", bars))
    assert svg.count("<rect") == 1 and svg.count(">0</text>") == len(PenaltyCategory)
    assert "&lt;b&gt;&amp;" in svg and "<b>" not in svg and "图 &lt;1&gt;" in svg
