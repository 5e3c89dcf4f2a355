"""What leaves the system about a published decision: one definition for the portal pages, the open
data JSON, CSV and XLSX (PUB-01: only desensitized version fields and the record's own metadata)."""

from __future__ import annotations

import csv
import io

from .choices import LICENCE, LICENCE_URL
from .models import Publication, PublicationVersion

COLUMNS = (
    ("id", "公开标识"),
    ("document_number", "文号"),
    ("body", "执法主体"),
    ("kind", "决定类别"),
    ("party", "当事人"),
    ("conclusion", "处理结论"),
    ("facts", "违法事实"),
    ("basis", "处罚依据"),
    ("penalty", "处罚内容"),
    ("decision_date", "决定日期"),
    ("published_on", "公开日期"),
    ("ends_on", "公示截止日期"),
    ("version", "版本"),
    ("url", "网址"),
)


def public_row(publication: Publication, version: PublicationVersion) -> dict:
    return {
        "id": str(publication.public_id),
        "document_number": publication.document_number,
        "body": publication.body.name,
        "kind": publication.get_kind_display(),
        "kind_code": publication.kind,
        "party": version.party_label,
        "conclusion": version.conclusion,
        "facts": version.facts_summary,
        "basis": version.basis,
        "penalty": version.penalty_text,
        "decision_date": publication.decision_date.isoformat(),
        "published_on": publication.published_on.isoformat() if publication.published_on else "",
        "ends_on": publication.ends_on.isoformat() if publication.ends_on else "",
        "version": version.number,
        "url": f"/portal/decisions/{publication.public_id}/",
    }


def licence() -> dict:
    return {
        "name": LICENCE,
        "url": LICENCE_URL,
        "note": "公开数据已依法脱敏；使用时请注明来源“行政执法信息公示平台”。",
    }


def to_csv(rows: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([f"许可协议：{LICENCE} {LICENCE_URL}"])
    writer.writerow([label for _key, label in COLUMNS])
    for row in rows:
        writer.writerow([row[key] for key, _label in COLUMNS])
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # BOM: Excel opens UTF-8 CSV correctly


def to_xlsx(rows: list[dict]) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("执法决定")
    sheet.append([label for _key, label in COLUMNS])
    for row in rows:
        sheet.append([row[key] for key, _label in COLUMNS])
    about = book.create_sheet("说明")
    about.append(["许可协议", LICENCE])
    about.append(["许可协议网址", LICENCE_URL])
    about.append(["说明", licence()["note"]])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
