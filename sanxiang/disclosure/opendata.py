"""The published disclosure as open-data tables: one row builder per dataset, shared by the public
JSON API and the portal's CSV/XLSX downloads, so every surface serves the same public fields.

PUB-01: rows carry only published item content and, for officers, name, body, credential number,
fields, validity and status; nothing else of the officer registry ever enters a row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sanxiang.orgs.models import EnforcementBody

from . import selectors
from .choices import ItemKind
from .content import spec

LICENCE = "CC BY 4.0（知识共享 署名 4.0 国际）"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/deed.zh-hans"
LICENCE_NOTE = f"本数据由行政执法信息公示平台发布，许可：{LICENCE} {LICENCE_URL}；使用时请注明来源。"


@dataclass(frozen=True)
class Dataset:
    key: str
    title: str
    columns: list[tuple[str, str]]  # (key, Chinese header)
    rows: Callable[[EnforcementBody | None], list[dict]]


def body_row(body: EnforcementBody) -> dict:
    return {
        "id": str(body.public_id),
        "name": body.name,
        "short_name": body.short_name,
        "kind": body.get_kind_display(),
        "credit_code": body.credit_code,
        "region": body.region_name,
        "address": body.address,
        "phone": body.phone,  # the body's public office telephone, not a person's
    }


def item_row(item, version=None) -> dict:
    version = version or item.published
    row = {
        "id": str(item.public_id),
        "body": item.body.name,
        "body_id": str(item.body.public_id),
        "kind": item.kind,
        "version": version.number,
        "published_at": version.published_at.isoformat() if version.published_at else None,
        "under_recheck": item.recheck_id is not None,
    }
    for name, _label, text in spec(item.kind).display(version.content):
        row[name] = text
    if item.kind == ItemKind.FLOWCHART:
        row["steps"] = version.content.get("nodes", [])
        row["links"] = version.content.get("edges", [])
    return row


def _items(kind: str) -> Callable[[EnforcementBody | None], list[dict]]:
    def rows(body):
        return [item_row(i) for i in selectors.published_items(body, kind)]

    return rows


def _item_columns(kind: str) -> list[tuple[str, str]]:
    fields = [(name, label) for name, label in spec(kind).labels.items()]
    return [("body", "执法主体"), *fields, ("version", "版本"), ("published_at", "公开时间"), ("id", "标识")]


def _officers(body):
    return [c.as_dict() for c in selectors.public_officers(body)]


def _bodies(body):
    rows = [body] if body is not None else selectors.public_bodies()
    return [body_row(b) for b in rows]


DATASETS: dict[str, Dataset] = {
    d.key: d
    for d in (
        Dataset(
            "bodies",
            "执法主体名录",
            [
                ("name", "名称"),
                ("short_name", "简称"),
                ("kind", "主体类型"),
                ("credit_code", "统一社会信用代码"),
                ("region", "所在地区"),
                ("address", "地址"),
                ("phone", "咨询电话"),
                ("id", "标识"),
            ],
            _bodies,
        ),
        Dataset(
            "officers",
            "行政执法人员清单",
            [
                ("body", "执法主体"),
                ("name", "姓名"),
                ("number", "执法证号"),
                ("fields", "执法领域"),
                ("valid_from", "有效期起"),
                ("valid_until", "有效期至"),
                ("status_label", "状态"),
            ],
            _officers,
        ),
        *(
            Dataset(key, title, _item_columns(kind), _items(kind))
            for key, title, kind in (
                ("enforcement_items", "行政执法事项清单", ItemKind.ENFORCEMENT_ITEM),
                ("random_items", "随机抽查事项清单", ItemKind.RANDOM_ITEM),
                ("service_guides", "服务指南", ItemKind.SERVICE_GUIDE),
                ("flowcharts", "执法流程图", ItemKind.FLOWCHART),
                ("body_info", "执法主体信息", ItemKind.BODY_INFO),
            )
        ),
    )
}
