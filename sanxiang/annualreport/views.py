"""Staff pages of the annual report: the deadline board, a report, filling it in, the workflow steps."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from sanxiang.cases.views.common import show_errors, staff_view, style_widgets
from sanxiang.core.errors import Conflict, InvalidInput

from . import charts, exports, rights, selectors, services
from .choices import ReportStatus
from .forms import DraftForm, ReasonForm
from .models import AnnualReport


def _year(request) -> int:
    last = timezone.localdate().year - 1
    try:
        year = int(request.GET.get("year", last))
    except ValueError:
        return last
    return year if 2000 <= year <= last else last


@staff_view
def index(request):
    """The STAT-01 board of a year (default: the last closed year) and every visible report."""
    year = _year(request)
    board = selectors.deadline_board(request.user, year)
    for row in board:
        row.can_generate = row.report is None and rights.may(
            request.user, "prepare", row.body and row.body.pk
        )
    context = {
        "year": year,
        "years": range(timezone.localdate().year - 1, 2019, -1),
        "board": board,
        "reports": selectors.visible_reports(request.user)[:200],
    }
    return render(request, "annualreport/index.html", context)


def _abilities(user, report: AnnualReport) -> dict:
    status = report.status
    return {
        "can_prepare": status == ReportStatus.DRAFT and rights.may(user, "prepare", report.body_id),
        "can_approve": status == ReportStatus.DRAFT and rights.may(user, "approve", report.body_id),
        "can_reopen": status == ReportStatus.APPROVED and rights.may(user, "approve", report.body_id),
        "can_publish": status == ReportStatus.APPROVED and rights.may(user, "publish", report.body_id),
    }


@staff_view
def detail(request, report_id: int):
    report = selectors.report_for(request.user, report_id)
    context = {
        "report": report,
        "sections": selectors.sections(report),
        "chart": charts.bar_chart("行政处罚决定按最重处罚种类分布（件）", selectors.penalty_bars(report)),
        "missing": services.missing_lines(report),
        "due_status": selectors.due_status(report, report.year),
        "history": selectors.history(report),
        "reopen_form": style_widgets(ReasonForm()),
        **_abilities(request.user, report),
    }
    return render(request, "annualreport/detail.html", context)


@staff_view
def edit(request, report_id: int):
    """填报: the manual lines and the narrative (GET form, POST through the service)."""
    report = selectors.report_for(request.user, report_id)
    status, error = 200, ""
    if request.method == "POST":
        try:
            services.update_draft(request.user, report.pk, request.POST)
        except InvalidInput as exc:
            form, status, error = style_widgets(DraftForm(request.POST)), 400, exc.message
            show_errors(form, exc.fields)
        except Conflict as exc:
            messages.error(request, exc.message)
            return redirect("annualreport:detail", report.pk)
        else:
            messages.success(request, "已保存")
            return redirect("annualreport:detail", report.pk)
    else:
        if not _abilities(request.user, report)["can_prepare"]:
            messages.error(request, "年报不是草稿，或您没有编制该年报的权限")
            return redirect("annualreport:detail", report.pk)
        initial = {**report.manual, "narrative": report.narrative}
        form = style_widgets(DraftForm(initial=initial))
    context = {"report": report, "form": form, "error_message": error}
    return render(request, "annualreport/edit.html", context, status=status)


def _step(request, run, done) -> HttpResponse:
    try:
        result = run()
    except (Conflict, InvalidInput) as exc:
        messages.error(request, exc.message)
        return redirect(done(None))
    messages.success(request, "操作已完成")
    return redirect(done(result))


@require_POST
@staff_view
def generate(request):
    def back(report):
        if report is None:
            return f"{reverse('annualreport:index')}?{urlencode({'year': request.POST.get('year', '')})}"
        return reverse("annualreport:detail", args=[report.pk])

    return _step(request, lambda: services.generate_report(request.user, request.POST), back)


def _action(service):
    @require_POST
    @staff_view
    def view(request, report_id: int):
        report = selectors.report_for(request.user, report_id)
        return _step(
            request,
            lambda: service(request.user, report.pk),
            lambda _: reverse("annualreport:detail", args=[report.pk]),
        )

    return view


regenerate = _action(services.regenerate_report)
approve = _action(services.approve_report)
publish = _action(services.publish_report)


@require_POST
@staff_view
def reopen(request, report_id: int):
    report = selectors.report_for(request.user, report_id)
    run = lambda: services.reopen_report(request.user, report.pk, request.POST)  # noqa: E731
    return _step(request, run, lambda _: reverse("annualreport:detail", args=[report.pk]))


@staff_view
def export(request, report_id: int, fmt: str):
    out = exports.render(selectors.report_for(request.user, report_id), fmt)
    response = HttpResponse(out.data, content_type=out.content_type)
    response["Content-Disposition"] = exports.disposition(out.filename)
    return response
