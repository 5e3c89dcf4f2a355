"""Staff pages: the bureau's dashboard, scorecards with drill-down, campaigns and self-inspection reports."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from sanxiang.cases.views.common import staff_view
from sanxiang.core import hooks
from sanxiang.core.errors import Conflict, InvalidInput

from . import export, registry, selectors, services, snapshots
from .choices import EDITABLE, Assessment, ReportStatus, Section
from .permissions import is_bureau, may_file, scorecard_body_ids
from .registry import Period
from .scoring import scoring_bodies

TREND_DAYS = 56  # eight weeks of snapshots on the charts


def _period(request) -> tuple[Period, str]:
    """?start=&end= (ISO dates); the rolling year ending today when absent or malformed."""
    today = timezone.localdate()
    try:
        end = datetime.date.fromisoformat(request.GET.get("end") or today.isoformat())
        start = datetime.date.fromisoformat(request.GET["start"]) if request.GET.get("start") else None
    except ValueError:
        return Period.rolling_year(today), "日期格式应为 YYYY-MM-DD，已改用默认统计期间"
    period = Period(start, end) if start else Period.rolling_year(end)
    if period.start > period.end:
        return Period.rolling_year(today), "开始日期晚于结束日期，已改用默认统计期间"
    return period, ""


def _query(period: Period) -> str:
    return f"?start={period.start:%Y-%m-%d}&end={period.end:%Y-%m-%d}"


@staff_view
def dashboard(request):
    """司法局执法监督工作台: bodies ranked by score, trends, overdue cases, campaign progress."""
    allowed = scorecard_body_ids(request.user)
    if allowed is not None and len(allowed) == 1:
        return redirect("supervision:body", body_id=next(iter(allowed)))
    period, warning = _period(request)
    cards, city = selectors.scorecards(request.user, period)
    since = period.end - datetime.timedelta(days=TREND_DAYS)
    trends = snapshots.score_trends([c.body.pk for c in cards] + [None], since)
    overdue = []
    overdue_indicator = registry.get("cases_overdue")
    for card in cards:
        row = card.row("cases_overdue")
        if row and row.measure.value:
            overdue.append((card.body, row.measure.value))
    campaign = (
        selectors.campaigns(request.user).filter(status="open").first() if is_bureau(request.user) else None
    )
    progress = None
    if campaign:
        progress = selectors.progress(
            campaign, selectors.campaign_reports(request.user, campaign), timezone.localdate()
        )
    context = {
        "cards": cards,
        "city": city,
        "period": period,
        "query": _query(period),
        "warning": warning,
        "trends": trends,
        "city_trend": trends.get(None, []),
        "top_series": [(c.body.short_name, trends.get(c.body.pk, [])) for c in cards[:8]],
        "overdue": sorted(overdue, key=lambda x: -x[1]),
        "overdue_indicator": overdue_indicator,
        "campaign": campaign,
        "progress": progress,
        "is_bureau": is_bureau(request.user),
    }
    return render(request, "supervision/dashboard.html", context)


# Other apps add panels to a body's scorecard (evaluation: open rectification items). Handlers take
# body= and user= and return None or {"title", "rows": [(label, detail, url)], "more_url"}.
SCORECARD_PANELS = "supervision.scorecard_panels"


@staff_view
def body_scorecard(request, body_id: int):
    body = selectors.body_for(request.user, body_id)
    period, warning = _period(request)
    from . import scoring

    cards, _ = scoring.build(period, [body], with_city=False)
    since = period.end - datetime.timedelta(days=TREND_DAYS)
    context = {
        "card": cards[0],
        "body": body,
        "period": period,
        "query": _query(period),
        "warning": warning,
        "score_trend": snapshots.score_trends([body.pk], since).get(body.pk, []),
        "indicator_trends": snapshots.indicator_trends(body.pk, since),
        "reports": selectors.visible_reports(request.user).filter(body=body).order_by("-campaign__opened_on")
        if may_file(request.user, body.pk) or is_bureau(request.user)
        else [],
        "is_bureau": is_bureau(request.user),
        "panels": [p for p in hooks.call(SCORECARD_PANELS, body=body, user=request.user) if p],
    }
    return render(request, "supervision/scorecard.html", context)


@staff_view
def drill(request, body_id: int, code: str):
    period, warning = _period(request)
    body, indicator, records = selectors.drill(request.user, body_id, code, period)
    measure = registry.compute_all(period, [body.pk], [indicator])[indicator.code][body.pk]
    context = {
        "body": body,
        "indicator": indicator,
        "measure": measure,
        "status": indicator.status(measure),
        "status_label": registry.Status(indicator.status(measure)).label,
        "display": indicator.format(measure),
        "records": records,
        "period": period,
        "query": _query(period),
        "warning": warning,
    }
    return render(request, "supervision/drill.html", context)


@staff_view
def city_indicator(request, code: str):
    """The city's value of one indicator, body by body (the bureau only)."""
    from sanxiang.core.errors import Forbidden, NotFound

    if not is_bureau(request.user):
        raise Forbidden("只有司法局执法监督人员可以查看全市指标")
    indicator = registry.get(code)
    if indicator is None:
        raise NotFound("指标不存在")
    period, warning = _period(request)
    bodies = list(scoring_bodies())
    values = registry.compute_all(period, [b.pk for b in bodies], [indicator])[code]
    rows = [(b, values[b.pk], indicator.status(values[b.pk])) for b in bodies]
    rows.sort(key=lambda r: (r[2] != "fail", r[0].name))
    context = {
        "indicator": indicator,
        "rows": rows,
        "period": period,
        "query": _query(period),
        "warning": warning,
    }
    return render(request, "supervision/city_indicator.html", context)


@staff_view
def definitions(request):
    return render(
        request,
        "supervision/definitions.html",
        {"indicators": registry.all_indicators(), "weights": registry.weights()},
    )


# ---------------------------------------------------------------------------------------------
# Campaigns
# ---------------------------------------------------------------------------------------------


@staff_view
def campaign_list(request):
    return render(
        request,
        "supervision/campaigns.html",
        {"campaigns": selectors.campaigns(request.user), "is_bureau": is_bureau(request.user)},
    )


def _form_page(request, template: str, run, done, context: dict):
    """POST runs the service: 400 with field messages, 409 with the refusal; GET shows the form."""
    status, errors, refusal = 200, {}, []
    if request.method == "POST":
        try:
            result = run()
        except InvalidInput as exc:
            status, errors = 400, exc.fields or {"__all__": [exc.message]}
        except Conflict as exc:
            status, refusal = 409, exc.fields.get("__all__") or [exc.message]
        else:
            messages.success(request, "已保存")
            return redirect(done(result))
    return render(
        request,
        template,
        {**context, "errors": errors, "refusal": refusal, "data": request.POST},
        status=status,
    )


@staff_view
def campaign_new(request):
    from .permissions import require_bureau

    require_bureau(request.user)
    today = timezone.localdate()
    bodies = list(scoring_bodies())

    def run():
        data = {
            k: request.POST.get(k, "")
            for k in (
                "title",
                "year",
                "notice_number",
                "due_on",
                "inspection_start",
                "inspection_end",
                "period_start",
                "period_end",
            )
        }
        data["bodies"] = request.POST.getlist("bodies")
        return services.open_campaign(request.user, data)

    context = {
        "bodies": bodies,
        "defaults": {
            "title": f"{today.year}年行政执法三项制度“回头看”",
            "year": today.year,
            "notice_number": "河法治办字【2021】3号",
            "due_on": datetime.date(today.year, 4, 30),
            "inspection_start": datetime.date(today.year, 5, 1),
            "inspection_end": datetime.date(today.year, 5, 31),
        },
    }
    return _form_page(
        request,
        "supervision/campaign_new.html",
        run,
        lambda c: reverse("supervision:campaign", args=[c.pk]),
        context,
    )


@staff_view
def campaign_detail(request, campaign_id: int):
    campaign = selectors.campaign_for(request.user, campaign_id)
    reports = selectors.campaign_reports(request.user, campaign)
    today = timezone.localdate()
    context = {
        "campaign": campaign,
        "reports": reports,
        "progress": selectors.progress(campaign, reports, today),
        "items": campaign.items.all(),
        "is_bureau": is_bureau(request.user),
        "today": today,
        "bodies": list(scoring_bodies()),
        "in_scope": {r.body_id for r in reports},
        "sections": Section.choices,
        "indicator_codes": [i.code for i in registry.all_indicators()],
    }
    return render(request, "supervision/campaign.html", context)


def _done_campaign(campaign_id):
    return lambda _: reverse("supervision:campaign", args=[campaign_id])


@staff_view
@require_POST
def campaign_edit(request, campaign_id: int):
    data = {k: request.POST.get(k, "") for k in ("title", "due_on", "inspection_start", "inspection_end")}
    return _campaign_action(
        request, campaign_id, lambda: services.update_campaign(request.user, campaign_id, data)
    )


@staff_view
@require_POST
def campaign_scope(request, campaign_id: int):
    bodies = request.POST.getlist("bodies")
    return _campaign_action(
        request, campaign_id, lambda: services.set_scope(request.user, campaign_id, bodies)
    )


@staff_view
@require_POST
def item_save(request, campaign_id: int, item_id: int | None = None):
    data = {k: request.POST.get(k, "") for k in ("number", "section", "text", "indicator_codes")}
    return _campaign_action(
        request, campaign_id, lambda: services.save_checklist_item(request.user, campaign_id, data, item_id)
    )


@staff_view
@require_POST
def item_remove(request, campaign_id: int, item_id: int):
    return _campaign_action(
        request, campaign_id, lambda: services.remove_checklist_item(request.user, campaign_id, item_id)
    )


def _campaign_action(request, campaign_id, run):
    """A campaign form posts back to the campaign page; errors come back as messages there."""
    selectors.campaign_for(request.user, campaign_id)
    try:
        run()
    except (InvalidInput, Conflict) as exc:
        details = [m for ms in exc.fields.values() for m in ms] or [exc.message]
        messages.error(request, "；".join(details))
        return redirect("supervision:campaign", campaign_id=campaign_id)
    messages.success(request, "已保存")
    return redirect("supervision:campaign", campaign_id=campaign_id)


# ---------------------------------------------------------------------------------------------
# Self-inspection reports
# ---------------------------------------------------------------------------------------------


def _report_data(post) -> dict:
    answers = {}
    for key in post:
        if key.startswith("a-") and key.endswith("-assessment"):
            item_id = key.split("-")[1]
            answers[item_id] = {
                "assessment": post.get(key, ""),
                "evidence_links": post.get(f"a-{item_id}-evidence", ""),
                "problems": post.get(f"a-{item_id}-problems", ""),
            }
    measures = []
    n = 0
    while f"m-{n}-measure" in post:
        measures.append({f: post.get(f"m-{n}-{f}", "") for f in ("item", "measure", "owner", "deadline")})
        n += 1
    return {"narrative": post.get("narrative", ""), "answers": answers, "measures": measures}


@staff_view
def report_detail(request, report_id: int):
    report = selectors.report_detail(request.user, report_id)
    status, errors, refusal = 200, {}, []
    if request.method == "POST":
        try:
            services.save_report(request.user, report.pk, _report_data(request.POST))
            if request.POST.get("action") == "submit":
                services.submit_report(request.user, report.pk)
                messages.success(request, "自查报告已报送市司法局备案")
            else:
                messages.success(request, "已保存")
        except InvalidInput as exc:
            status, errors = 400, exc.fields or {"__all__": [exc.message]}
        except Conflict as exc:
            status, refusal = 409, exc.fields.get("__all__") or [exc.message]
        else:
            return redirect("supervision:report", report_id=report.pk)
        report = selectors.report_detail(request.user, report_id)
    editable = report.status in EDITABLE and may_file(request.user, report.body_id)
    measures = list(report.measures.all())
    context = {
        "report": report,
        "items": selectors.report_items(report),
        "editable": editable,
        "measures": measures + [None] * (3 if editable else 0),
        "assessments": Assessment.choices,
        "is_bureau": is_bureau(request.user),
        "can_decide": is_bureau(request.user) and report.status == ReportStatus.SUBMITTED,
        "errors": errors,
        "refusal": refusal,
    }
    return render(request, "supervision/report.html", context, status=status)


@staff_view
@require_POST
def report_record(request, report_id: int):
    return _report_action(
        request,
        report_id,
        lambda: services.record_report(request.user, report_id, request.POST.get("note", "")),
    )


@staff_view
@require_POST
def report_return(request, report_id: int):
    return _report_action(
        request,
        report_id,
        lambda: services.return_report(request.user, report_id, request.POST.get("reason", "")),
    )


def _report_action(request, report_id, run):
    selectors.report_for(request.user, report_id)
    try:
        run()
    except (InvalidInput, Conflict) as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已完成")
    return redirect("supervision:report", report_id=report_id)


@staff_view
def report_export(request, report_id: int, fmt: str):
    report = selectors.report_detail(request.user, report_id)
    name = f"self-inspection-{report.public_id}"
    if fmt == "docx":
        data, kind = (
            export.render_docx(report),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
    else:
        data, kind = export.render_pdf(report), "application/pdf"
    response = HttpResponse(data, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
