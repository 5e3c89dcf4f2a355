"""Public pages of published decisions (no login): search, decision page, CSV/XLSX open data."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from sanxiang.core.errors import NotFound

from . import selectors, serialize
from .choices import PublicationStatus
from .forms import SearchForm
from .search import CappedPaginator

PER_PAGE = 20
EXPORT_LIMIT = 50_000


def _filters(request) -> tuple[SearchForm, dict | None]:
    form = SearchForm(request.GET or None)
    if not request.GET:
        return form, {}
    return form, (form.filters() if form.is_valid() else None)


@require_GET
def search(request):
    form, filters = _filters(request)
    page = None
    rows = []
    if filters is not None:
        entries = selectors.search_decisions(timezone.localdate(), **filters)
        page = CappedPaginator(entries, PER_PAGE).get_page(request.GET.get("page"))
        rows = selectors.with_versions(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "publication/portal/search.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "query": query.urlencode(),
            "licence": serialize.licence(),
        },
        status=200 if filters is not None else 400,
    )


@require_GET
def decision(request, public_id):
    try:
        publication = selectors.public_decision(public_id)
    except NotFound as exc:
        raise Http404(exc.message) from None
    today = timezone.localdate()
    context = {"publication": publication}
    if not selectors.is_live(publication, today):
        # PUB-03: a withdrawn or ended decision answers 410 with the notice, never the content.
        context["withdrawn"] = publication.status == PublicationStatus.WITHDRAWN
        return render(request, "publication/portal/gone.html", context, status=410)
    version = selectors.published_version(publication)
    context |= {
        "version": version,
        "row": serialize.public_row(publication, version),
        "receipt": selectors.publish_receipt(publication),
    }
    return render(request, "publication/portal/decision.html", context)


def _export_rows(request) -> list[dict] | None:
    _form, filters = _filters(request)
    if filters is None:
        return None
    entries = selectors.search_decisions(timezone.localdate(), **filters)[:EXPORT_LIMIT]
    return [serialize.public_row(p, v) for p, v in selectors.with_versions(entries) if v]


@require_GET
def export_csv(request):
    rows = _export_rows(request)
    if rows is None:
        return HttpResponse("查询条件有误", status=400, content_type="text/plain; charset=utf-8")
    response = HttpResponse(serialize.to_csv(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="decisions.csv"'
    return response


@require_GET
def export_xlsx(request):
    rows = _export_rows(request)
    if rows is None:
        return HttpResponse("查询条件有误", status=400, content_type="text/plain; charset=utf-8")
    response = HttpResponse(
        serialize.to_xlsx(rows),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="decisions.xlsx"'
    return response
