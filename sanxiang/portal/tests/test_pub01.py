"""PUB-01: nothing personal beyond name, credential number and fields leaves the portal.

ID numbers, mobile numbers and legal-qualification numbers are seeded into the officer registry
(and a body's staff sit at a window); every portal output served here is scanned for them.
"""

import datetime
import io
import json
import re

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from sanxiang.disclosure import services
from sanxiang.orgs.models import Officer
from sanxiang.orgs.validators import id_number_check_char
from sanxiang.portal.opendata import DATASETS

pytestmark = [pytest.mark.django_db, pytest.mark.real_rendering]

SEEDED_PHONES = ["13912345678", "15800001111", "18666669999"]


def id_numbers_in(text: str) -> list[str]:
    """Resident ID numbers: 18 characters, a real birth date and a matching check character."""
    found = []
    for candidate in re.findall(r"(?<![0-9A-Z])\d{17}[\dXx](?![0-9A-Z])", text):
        try:
            datetime.datetime.strptime(candidate[6:14], "%Y%m%d")
        except ValueError:
            continue
        if id_number_check_char(candidate[:17]) == candidate[17].upper():
            found.append(candidate)
    return found


def xlsx_text(content: bytes) -> str:
    book = load_workbook(io.BytesIO(content))
    return "\n".join(
        str(v) for sheet in book for row in sheet.iter_rows(values_only=True) for v in row if v is not None
    )


def test_no_id_number_or_phone_appears_in_any_portal_output(client, cast, staff, publish):
    officers = list(Officer.objects.filter(body__in=[cast.body_a, cast.body_b]))
    for officer, phone in zip(officers, SEEDED_PHONES * 3, strict=False):
        officer.phone = phone
        officer.legal_qualification_number = "A2020140155"
        officer.has_legal_qualification = True
        officer.save()
    secrets = [o.id_number for o in officers] + SEEDED_PHONES + ["A2020140155"]
    for kind in ("body_info", "enforcement_item", "random_item", "service_guide", "flowchart"):
        publish(kind)
    window = services.save_window(
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
    body, number = cast.body_a.public_id, officers[0].credentials.first().number
    outputs: dict[str, str] = {}
    for url in (
        "/portal/",
        f"/portal/bodies/{body}/",
        f"/portal/credentials/{number}/",
        "/portal/data/",
        "/api/v1/public/bodies",
        f"/api/v1/public/bodies/{body}",
        "/api/v1/public/disclosure/items",
        "/api/v1/public/disclosure/officers",
        f"/api/v1/public/disclosure/credentials/{number}",
        f"/api/v1/public/disclosure/windows?body={body}",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode("utf-8")
        if url.startswith("/api/"):
            text = json.dumps(response.json(), ensure_ascii=False)
        outputs[url] = text
    for key in DATASETS:
        outputs[f"{key}.csv"] = client.get(f"/portal/data/{key}.csv").content.decode("utf-8-sig")
        outputs[f"{key}.xlsx"] = xlsx_text(client.get(f"/portal/data/{key}.xlsx").content)
    pdf = client.get(f"/portal/boards/{window.public_id}.pdf").content
    outputs["board.pdf"] = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert id_numbers_in(f"x {officers[0].id_number} y") == [officers[0].id_number]  # the checker works
    assert "张明" in outputs["board.pdf"] and "张明" in outputs["/api/v1/public/disclosure/officers"]
    for where, text in outputs.items():
        for secret in secrets:
            assert secret not in text, (where, secret)
        assert not id_numbers_in(text), where  # checksum-aware: credit codes of bodies are allowed
        assert "id_number" not in text, where
