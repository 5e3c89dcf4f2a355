"""API of disclosure, mounted under /api/v1 by the api app.

Staff endpoints start with /disclosure (bearer token; the same services as the staff pages).
Public endpoints (no token) are under /api/v1/public/disclosure and serve published content only.
Bodies and items are addressed by their public ids.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from ninja import Body, Router, Status

from sanxiang.core.errors import InvalidInput, NotFound
from sanxiang.core.ids import parse_public_id

from . import boards, opendata, selectors, serialize, services
from .choices import ItemKind

router = Router(tags=["行政执法公示（事前、事中）"])
# Open data and other public endpoints (auth=None); mounted at /api/v1/public.
public_router = Router(tags=["行政执法公示（事前、事中）（公开）"], auth=None)
Payload = dict[str, Any]


def _object(payload) -> dict:
    if payload is None:
        return {}
    if not isinstance(payload, dict):
        raise InvalidInput("请求内容应为 JSON 对象")
    return payload


def _flowchart(payload: dict) -> dict:
    """Flowchart steps may come as lists of objects: turned into the form's text lines."""
    data = dict(payload)
    nodes, edges = data.get("nodes"), data.get("edges")
    if isinstance(nodes, list):
        if not all(isinstance(n, dict) for n in nodes):
            raise InvalidInput("格式有误", fields={"nodes": ["应为对象列表"]})
        data["nodes"] = "\n".join(
            f"{n.get('id', '')}|{n.get('label', '')}|{n.get('kind') or 'step'}" for n in nodes
        )
    if isinstance(edges, list):
        if not all(isinstance(e, dict) for e in edges):
            raise InvalidInput("格式有误", fields={"edges": ["应为对象列表"]})
        data["edges"] = "\n".join(
            f"{e.get('from', '')}|{e.get('to', '')}|{e.get('label') or ''}" for e in edges
        )
    return data


def _content(kind: str, payload) -> dict:
    data = _object(payload)
    return _flowchart(data) if kind == ItemKind.FLOWCHART else data


def _body(request, body_id: str):
    return selectors.body_for(request.user, parse_public_id(body_id))


def _item(request, item_id: str):
    return selectors.item_for(request.user, parse_public_id(item_id))


def _item_out(request, item) -> dict:
    fresh = selectors.item_for(request.user, item.public_id)
    return serialize.item(fresh, selectors.versions_of(fresh))


# --- staff ---------------------------------------------------------------------------------------


@router.get("/disclosure/bodies", summary="可维护或审核其公示的执法主体")
def bodies(request):
    return [{"id": str(b.public_id), "name": b.name} for b in selectors.bodies_for(request.user)]


@router.get("/disclosure/bodies/{body_id}/items", summary="执法主体的公示事项（可按类别筛选）")
def items(request, body_id: str, kind: str = ""):
    if kind and kind not in ItemKind.values:
        raise InvalidInput("类别无效", fields={"kind": [f"应为 {'、'.join(ItemKind.values)} 之一"]})
    return [
        serialize.item(i) for i in selectors.items_of(request.user, _body(request, body_id), kind or None)
    ]


@router.post(
    "/disclosure/bodies/{body_id}/items/{kind}", response={201: dict}, summary="新增公示事项（草稿）"
)
def create_item(request, body_id: str, kind: str, payload: Payload = Body(default=None)):  # noqa: B008
    body = _body(request, body_id)
    item = services.create_item(request.user, body.pk, kind, _content(kind, payload))
    return Status(201, _item_out(request, item))


@router.get("/disclosure/items/{item_id}", summary="公示事项及其全部版本")
def get_item(request, item_id: str):
    return _item_out(request, _item(request, item_id))


@router.put("/disclosure/items/{item_id}", summary="修改内容（草稿就地修改，否则生成新版本）")
def edit_item(request, item_id: str, payload: Payload = Body(default=None)):  # noqa: B008
    item = _item(request, item_id)
    services.edit_item(request.user, item.pk, _content(item.kind, payload))
    return _item_out(request, item)


def _action(name: str, summary: str):
    run = getattr(services, name)

    def endpoint(request, item_id: str):
        item = _item(request, item_id)
        run(request.user, item.pk)
        return _item_out(request, item)

    endpoint.__name__ = f"item_{name}"
    router.post(f"/disclosure/items/{{item_id}}/{name}", summary=summary)(endpoint)


_action("submit", "报送审核（待复核的公开事项按原内容报送）")
_action("approve", "审核通过（司法行政部门；随机抽查事项由市场监管部门）")
_action("publish", "公开审核通过的版本")


@router.post("/disclosure/items/{item_id}/return", summary="退回（须说明理由 reason）")
def item_return(request, item_id: str, payload: Payload = Body(default=None)):  # noqa: B008
    item = _item(request, item_id)
    services.return_item(request.user, item.pk, _object(payload))
    return _item_out(request, item)


@router.get("/disclosure/items/{item_id}/versions/{number}", summary="某一版本及其与上一版本的差异")
def get_version(request, item_id: str, number: int):
    item = _item(request, item_id)
    version = selectors.version_of(item, number)
    previous = item.versions.filter(number=number - 1).first()
    changes = selectors.diff(item.kind, previous.content if previous else None, version.content)
    return serialize.version(version) | {
        "changes": [{"field": d.label, "changed": d.changed, "lines": d.lines} for d in changes if d.changed]
    }


@router.get("/disclosure/queue", summary="待我审核的公示事项")
def queue(request):
    return [serialize.item(i) for i in selectors.approval_queue(request.user)]


@router.post(
    "/disclosure/bodies/{body_id}/basis-changes", response={201: dict}, summary="登记依据变更（DISC-12）"
)
def basis_change(request, body_id: str, payload: Payload = Body(default=None)):  # noqa: B008
    body = _body(request, body_id)
    change = services.declare_basis_change(request.user, body.pk, _object(payload))
    return Status(
        201,
        {
            "id": str(change.public_id),
            "kind": change.kind,
            "law": change.law,
            "changed_on": change.changed_on,
            "items": change.affected,
        },
    )


@router.get("/disclosure/bodies/{body_id}/windows", summary="岗位信息公示牌")
def windows(request, body_id: str):
    return [serialize.window(w) for w in selectors.windows_of(request.user, _body(request, body_id))]


def _window_input(payload) -> dict:
    data = _object(payload)
    return {"is_active": True, **data}


@router.post("/disclosure/bodies/{body_id}/windows", response={201: dict}, summary="新增窗口（岗位）")
def create_window(request, body_id: str, payload: Payload = Body(default=None)):  # noqa: B008
    body = _body(request, body_id)
    window = services.save_window(request.user, body.pk, _window_input(payload))
    return Status(201, serialize.window(window))


@router.put("/disclosure/windows/{window_id}", summary="修改窗口（岗位）及在岗人员")
def edit_window(request, window_id: str, payload: Payload = Body(default=None)):  # noqa: B008
    window = selectors.window_for(request.user, parse_public_id(window_id))
    window = services.save_window(request.user, window.body_id, _window_input(payload), window_id=window.pk)
    return serialize.window(window)


@router.get("/disclosure/windows/{window_id}/board.pdf", summary="岗位信息公示牌 PDF（A4）")
def window_pdf(request, window_id: str):
    window = selectors.window_for(request.user, parse_public_id(window_id))
    return HttpResponse(boards.render_pdf(window, request), content_type="application/pdf")


# --- public (no token): published content only, PUB-01 -------------------------------------------


def _envelope(rows: list) -> dict:
    return {
        "licence": opendata.LICENCE,
        "licence_url": opendata.LICENCE_URL,
        "count": len(rows),
        "items": rows,
    }


def _public_body(body_id: str):
    return selectors.public_body(parse_public_id(body_id)) if body_id else None


@public_router.get("/disclosure/items", summary="已公开的公示事项（可按执法主体、类别筛选）")
def public_items(request, body: str = "", kind: str = ""):
    if kind and kind not in ItemKind.values:
        raise InvalidInput("类别无效", fields={"kind": [f"应为 {'、'.join(ItemKind.values)} 之一"]})
    rows = selectors.published_items(_public_body(body), kind or None)
    return _envelope([opendata.item_row(i) for i in rows])


@public_router.get("/disclosure/items/{item_id}", summary="一个公示事项的现行版本及历史版本列表")
def public_item(request, item_id: str):
    item = selectors.public_item(parse_public_id(item_id))
    history = [
        {"version": v.number, "published_at": v.published_at, "superseded_at": v.superseded_at}
        for v in selectors.public_versions(item)
    ]
    return opendata.item_row(item) | {"history": history, "licence": opendata.LICENCE}


@public_router.get("/disclosure/items/{item_id}/versions/{number}", summary="公示事项的历史版本")
def public_item_version(request, item_id: str, number: int):
    item = selectors.public_item(parse_public_id(item_id))
    return opendata.item_row(item, selectors.public_version(item, number)) | {"licence": opendata.LICENCE}


def _kind_list(kind: str, summary: str, path: str):
    def endpoint(request, body: str = ""):
        return _envelope([opendata.item_row(i) for i in selectors.published_items(_public_body(body), kind)])

    endpoint.__name__ = f"public_{kind}_list"
    public_router.get(f"/disclosure/{path}", summary=summary)(endpoint)


_kind_list(ItemKind.ENFORCEMENT_ITEM, "行政执法事项清单", "enforcement-items")
_kind_list(ItemKind.RANDOM_ITEM, "随机抽查事项清单", "random-items")
_kind_list(ItemKind.SERVICE_GUIDE, "服务指南", "guides")
_kind_list(ItemKind.FLOWCHART, "执法流程图（结构化步骤）", "flowcharts")


@public_router.get("/disclosure/officers", summary="行政执法人员清单（姓名、主体、证号、领域、有效期、状态）")
def public_officers(request, body: str = ""):
    return _envelope([c.as_dict() for c in selectors.public_officers(_public_body(body))])


@public_router.get("/disclosure/credentials/{number}", summary="执法证核验（CRED-02，实时状态）")
def public_credential(request, number: str):
    return selectors.credential_check(number).as_dict()


@public_router.get("/disclosure/windows", summary="岗位信息公示牌（按执法主体）")
def public_windows(request, body: str):
    if not body:
        raise NotFound("执法主体不存在")
    rows = []
    for window in selectors.public_windows(_public_body(body)):
        people = selectors.board_people(window)
        rows.append(
            {
                "id": str(window.public_id),
                "name": window.name,
                "location": window.location,
                "duties": window.duties,
                "sample_forms": [s for s in window.sample_forms.splitlines() if s.strip()],
                "progress_query": window.progress_query,
                "complaint": window.complaint,
                "staff": [
                    {
                        "name": p.name,
                        "post": p.post,
                        "credential": p.credential.number if p.credential else None,
                    }
                    for p in people
                ],
            }
        )
    return _envelope(rows)
