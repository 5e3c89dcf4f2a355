"""Staff pages of publication: the list with deadlines, and one record's work page (original beside
the desensitized text with the redaction log, and the step forms). Thin: every write is a service."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from sanxiang.cases.views.common import paginate, staff_view
from sanxiang.core.errors import Conflict, InvalidInput
from sanxiang.orgs import access
from sanxiang.orgs import permissions as perm

from . import desensitize, selectors, services
from .choices import PublicationStatus
from .forms import BlockForm, NoteForm, PhraseForm, ReasonForm, RemovalDecisionForm


@staff_view
def publication_list(request):
    status = request.GET.get("status", "")
    if status not in PublicationStatus.values:
        status = ""
    page = paginate(request, selectors.publication_list(request.user, status=status))
    alerts = selectors.deadline_alerts(request.user, timezone.localdate())
    return render(
        request,
        "publication/list.html",
        {"page": page, "alerts": alerts, "status": status, "statuses": PublicationStatus.choices},
    )


@staff_view
def publication_detail(request, publication_id: int):
    publication = selectors.publication_detail(request.user, publication_id)
    version = selectors.working_version(publication) or selectors.published_version(publication)
    log = []
    if version:
        for i, r in enumerate(version.redactions):
            log.append(
                {
                    "position": i,
                    "kind": desensitize.KIND_LABELS.get(r["kind"], r["kind"]),
                    "start": r["start"] + 1,
                    "end": r["end"],
                    "replacement": r["replacement"],
                    "origin": "人工" if r.get("origin") == "manual" else "自动",
                }
            )
    body_id = publication.body_id
    context = {
        "publication": publication,
        "version": version,
        "log": log,
        "problems": services.check_version(version) if version and version.state == "submitted" else [],
        "may_manage": access.can(request.user, perm.DISCLOSURE_MANAGE, body_id),
        "may_approve": access.can(request.user, perm.PUBLICATION_APPROVE, body_id),
        "forms": {
            "phrase": PhraseForm(),
            "note": NoteForm(),
            "reason": ReasonForm(),
            "block": BlockForm(),
            "removal": RemovalDecisionForm(),
        },
    }
    return render(request, "publication/detail.html", context)


STEPS = {
    "redact": (PhraseForm, lambda u, pk, d: services.add_redaction(u, pk, d["phrase"])),
    "unredact": (None, None),
    "submit": (None, lambda u, pk, d: services.submit(u, pk)),
    "approve": (NoteForm, lambda u, pk, d: services.approve(u, pk, d.get("note", ""))),
    "reject": (NoteForm, lambda u, pk, d: services.reject(u, pk, d.get("note", ""))),
    "withdraw": (ReasonForm, lambda u, pk, d: services.withdraw(u, pk, d["reason"])),
    "revise": (ReasonForm, lambda u, pk, d: services.revise(u, pk, d["reason"])),
    "block": (BlockForm, lambda u, pk, d: services.block(u, pk, d["reason"])),
    "removal": (ReasonForm, lambda u, pk, d: services.request_early_removal(u, pk, d["reason"])),
}


@require_POST
@staff_view
def step(request, publication_id: int, name: str):
    """POST of one step form; errors come back as a message on the work page (400/409 in the API)."""
    selectors.publication_detail(request.user, publication_id)  # 404 before anything else
    try:
        if name == "unredact":
            services.remove_redaction(request.user, publication_id, int(request.POST.get("position", "-1")))
        elif name in STEPS:
            form_class, run = STEPS[name]
            data = {}
            if form_class:
                form = form_class(request.POST)
                if not form.is_valid():
                    raise InvalidInput("；".join(m for ms in form.errors.values() for m in ms))
                data = form.cleaned_data
            run(request.user, publication_id, data)
        else:
            return render(request, "cases/forbidden.html", {"message": "未知的操作"}, status=404)
    except (InvalidInput, Conflict) as exc:
        messages.error(request, exc.message)
    except ValueError:
        messages.error(request, "隐去记录序号有误")
    else:
        messages.success(request, "已完成")
    return redirect("publication:detail", publication_id=publication_id)


@require_POST
@staff_view
def decide_removal(request, removal_id: int):
    form = RemovalDecisionForm(request.POST)
    form.is_valid()
    removal = None
    try:
        removal = services.decide_early_removal(
            request.user, removal_id, bool(form.cleaned_data.get("accept")), form.cleaned_data.get("note", "")
        )
    except (InvalidInput, Conflict) as exc:
        messages.error(request, exc.message)
    from .models import EarlyRemoval

    publication_id = (
        removal.publication_id if removal else EarlyRemoval.objects.get(pk=removal_id).publication_id
    )
    return redirect("publication:detail", publication_id=publication_id)
