"""Public pages (no login): published annual reports per body and city-wide, charts, downloads (PUB-04)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from sanxiang.core.errors import NotFound

from . import charts, exports, selectors


def public_view(view: Callable) -> Callable:
    """GET only; NotFound (also for drafts and malformed ids) becomes a Chinese 404 page."""

    @require_GET
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except NotFound as exc:
            return render(request, "annualreport/public/not_found.html", {"message": exc.message}, status=404)

    return wrapper


@public_view
def report_list(request):
    reports = list(selectors.published_reports().order_by("-year", "body__name"))
    city = [r for r in reports if r.body_id is None]
    bodies: dict[str, list] = {}
    for report in sorted((r for r in reports if r.body_id), key=lambda r: (r.body.name, -r.year)):
        bodies.setdefault(report.body.name, []).append(report)
    return render(request, "annualreport/public/list.html", {"city": city, "bodies": bodies})


@public_view
def report_page(request, report_id: str):
    report = selectors.published_report(report_id)
    context = {
        "report": report,
        "sections": selectors.sections(report),
        "penalty_chart": charts.bar_chart(
            "行政处罚决定按最重处罚种类分布（件）", selectors.penalty_bars(report)
        ),
        "outcome_chart": charts.bar_chart("行政复议、行政诉讼结果（件）", selectors.outcome_bars(report)),
        "formats": exports.FORMATS,
    }
    return render(request, "annualreport/public/report.html", context)


@public_view
def download(request, report_id: str, fmt: str):
    out = exports.render(selectors.published_report(report_id), fmt)
    response = HttpResponse(out.data, content_type=out.content_type)
    response["Content-Disposition"] = exports.disposition(out.filename)
    return response
