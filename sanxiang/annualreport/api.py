"""/api/v1/annual-reports (staff, token) and /api/v1/public/annual-reports (open data, no login).

Reports and bodies are addressed by their public ids. Writes call the same services as the staff
pages; errors come back in the one shape {"error": {"code", "message", "fields"}}.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from ninja import Body, Router, Status

from sanxiang.core.errors import InvalidInput, NotFound
from sanxiang.core.ids import parse_public_id
from sanxiang.orgs.models import EnforcementBody

from . import exports, selectors, services
from .models import AnnualReport

router = Router(tags=["行政执法统计年报"])
# Open data and other public endpoints (auth=None); mounted at /api/v1/public.
public_router = Router(tags=["行政执法统计年报（公开）"], auth=None)
Payload = dict[str, Any]
LICENCE = "CC BY 4.0（署名）"


def _object(payload) -> dict:
    if payload is None:
        return {}
    if not isinstance(payload, dict):
        raise InvalidInput("请求内容应为 JSON 对象")
    return payload


def _summary(report: AnnualReport) -> dict:
    return {
        "id": str(report.public_id),
        "owner": report.owner_name,
        "body": str(report.body.public_id) if report.body_id else None,
        "year": report.year,
        "status": report.status,
        "status_label": report.get_status_display(),
        "due_on": report.due_on.isoformat(),
        "due_status": selectors.due_status(report, report.year),
        "published_on": report.published_on.isoformat() if report.published_on else None,
    }


def _detail(report: AnnualReport) -> dict:
    data = selectors.as_open_data(report) | _summary(report)
    data["missing"] = services.missing_lines(report)
    data["history"] = [
        {
            "step": e.step,
            "from": e.from_status,
            "to": e.to_status,
            "on": e.on.isoformat(),
            "actor": str(e.actor),
            "ledger_index": e.ledger_index,
            "note": e.note,
        }
        for e in selectors.history(report)
    ]
    return data


def _report(request, report_id: str) -> AnnualReport:
    return selectors.report_by_public_id(request.user, report_id)


def _export(report: AnnualReport, fmt: str) -> HttpResponse:
    out = exports.render(report, fmt)
    response = HttpResponse(out.data, content_type=out.content_type)
    response["Content-Disposition"] = exports.disposition(out.filename)
    return response


# --- staff ---------------------------------------------------------------------------------------


@router.get("/annual-reports", summary="可查看的统计年报")
def list_reports(request, year: int | None = None):
    reports = selectors.visible_reports(request.user)
    if year is not None:
        reports = reports.filter(year=year)
    return [_summary(r) for r in reports]


@router.get("/annual-reports/deadlines", summary="年报报送期限提醒（STAT-01：次年1月31日前公开）")
def deadlines(request, year: int | None = None):
    year = year or timezone.localdate().year - 1
    return [
        {
            "owner": row.owner,
            "body": str(row.body.public_id) if row.body else None,
            "report": str(row.report.public_id) if row.report else None,
            "due_on": row.due_on.isoformat(),
            "due_status": row.status,
            "due_status_label": row.status_label,
        }
        for row in selectors.deadline_board(request.user, year)
    ]


@router.post("/annual-reports", response={201: dict}, summary="生成年报草稿（body 为空表示全市汇总）")
def generate(request, payload: Payload = Body(default=None)):  # noqa: B008
    data = dict(_object(payload))
    if data.get("body"):
        body = EnforcementBody.objects.filter(public_id=parse_public_id(data["body"])).first()
        if body is None:
            raise NotFound("执法主体不存在")
        data["body"] = body.pk
    report = services.generate_report(request.user, data)
    return Status(201, _detail(report))


@router.get("/annual-reports/{report_id}", summary="年报详情：各项数据、待填报项目、操作记录")
def report_detail(request, report_id: str):
    return _detail(_report(request, report_id))


@router.patch("/annual-reports/{report_id}", summary="填报手工数据、编写年度工作情况说明（草稿）")
def update(request, report_id: str, payload: Payload = Body(default=None)):  # noqa: B008
    report = services.update_draft(request.user, _report(request, report_id).pk, _object(payload))
    return _detail(report)


@router.post("/annual-reports/{report_id}/regenerate", summary="按最新数据重新生成统计数据（草稿）")
def regenerate(request, report_id: str):
    return _detail(services.regenerate_report(request.user, _report(request, report_id).pk))


@router.post("/annual-reports/{report_id}/approve", summary="审定（机关负责人；全市汇总由司法局）")
def approve(request, report_id: str):
    return _detail(services.approve_report(request.user, _report(request, report_id).pk))


@router.post("/annual-reports/{report_id}/reopen", summary="退回修改（已审定未公开）")
def reopen(request, report_id: str, payload: Payload = Body(default=None)):  # noqa: B008
    report = services.reopen_report(request.user, _report(request, report_id).pk, _object(payload))
    return _detail(report)


@router.post("/annual-reports/{report_id}/publish", summary="公开")
def publish(request, report_id: str):
    return _detail(services.publish_report(request.user, _report(request, report_id).pk))


@router.get("/annual-reports/{report_id}/export/{fmt}", summary="导出 docx / xlsx / pdf")
def export(request, report_id: str, fmt: str):
    return _export(_report(request, report_id), fmt)


# --- open data -----------------------------------------------------------------------------------


@public_router.get("/annual-reports", summary="已公开的行政执法统计年报")
def published_list(request, year: int | None = None):
    reports = selectors.published_reports().order_by("-year", "body__name")
    if year is not None:
        reports = reports.filter(year=year)
    return {
        "licence": LICENCE,
        "generated_at": datetime.datetime.now(datetime.UTC).isoformat(),
        "reports": [
            {
                "id": str(r.public_id),
                "owner": r.owner_name,
                "body_credit_code": r.body.credit_code if r.body_id else None,
                "year": r.year,
                "published_on": r.published_on.isoformat(),
                "on_time": r.published_on <= r.due_on,
            }
            for r in reports
        ],
    }


@public_router.get("/annual-reports/{report_id}", summary="一份已公开年报的全部数据（开放数据）")
def published_detail(request, report_id: str):
    return {"licence": LICENCE, **selectors.as_open_data(selectors.published_report(report_id))}


@public_router.get("/annual-reports/{report_id}/export/{fmt}", summary="下载已公开年报（docx / xlsx / pdf）")
def published_export(request, report_id: str, fmt: str):
    return _export(selectors.published_report(report_id), fmt)
