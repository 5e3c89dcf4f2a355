"""Staff UI: a case's file page (past exports, the export button) and the export download."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from sanxiang.cases.views.common import staff_view
from sanxiang.core.errors import Conflict

from . import selectors, services
from .choices import Channel
from .http import client_ip, zip_response


@staff_view
def case_archive(request, case_id: int):
    case = selectors.case_for(request.user, case_id)
    context = {"case": case, "exports": selectors.exports_of(request.user, case)[:50]}
    return render(request, "archive/case.html", context)


@staff_view
@require_POST
def export(request, case_id: int):
    case = selectors.case_for(request.user, case_id)
    try:
        prepared = services.export_case(
            request.user,
            case,
            reason=request.POST.get("reason", "").strip(),
            channel=Channel.WEB,
            ip=client_ip(request),
        )
    except Conflict as exc:
        messages.error(request, exc.message)
        return redirect("archive:case", case_id=case.pk)
    return zip_response(prepared)
