"""Staff pages of disclosure (thin: services and selectors do the work, as the API does)."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from sanxiang.cases.views.common import show_errors, staff_view, style_widgets
from sanxiang.core.errors import Conflict, Forbidden, InvalidInput
from sanxiang.core.ids import parse_public_id

from . import boards, rights, selectors, services
from .choices import ItemKind
from .content import spec
from .flowchart import render_svg
from .forms import BasisChangeForm, ReturnForm, WindowForm


def form_page(
    request,
    *,
    title: str,
    build: Callable[[object], forms.Form],
    run: Callable[[object], object],
    done: Callable[[object], str],
    back: str,
    context: dict | None = None,
):
    """GET shows the form; POST runs the service: 400 with Chinese field messages, 409 with the refusal."""
    status, refusal, error = 200, [], ""
    if request.method == "POST":
        try:
            result = run(request.POST)
        except InvalidInput as exc:
            form, status, error = style_widgets(build(request.POST)), 400, exc.message
            show_errors(form, exc.fields)
        except Conflict as exc:
            form, status, refusal = style_widgets(build(request.POST)), 409, [exc.message]
        else:
            messages.success(request, f"已完成“{title}”")
            return redirect(done(result))
    else:
        form = style_widgets(build(None))
    page = {"title": title, "form": form, "refusal": refusal, "error_message": error, "back": back}
    return render(request, "disclosure/form.html", page | (context or {}), status=status)


@staff_view
def index(request):
    page = {"bodies": selectors.bodies_for(request.user), "queue": selectors.approval_queue(request.user)}
    return render(request, "disclosure/index.html", page)


@staff_view
def body(request, public_id):
    found = selectors.body_for(request.user, parse_public_id(public_id))
    items = selectors.items_of(request.user, found)
    kinds = [
        (k, k.label, [i for i in items if i.kind == k])
        for k in ItemKind
        if k in rights.visible_kinds(request.user, found.pk)
    ]
    page = {
        "body": found,
        "kinds": kinds,
        "manage": rights.may_manage(request.user, found.pk),
        "declare": rights.may_declare_change(request.user, found.pk),
        "changes": selectors.changes_of(request.user, found),
        "windows": selectors.windows_of(request.user, found),
        "gaps": selectors.profile_gaps(found),
    }
    return render(request, "disclosure/body.html", page)


def _initial_for(body, kind: str) -> dict:
    if kind == ItemKind.BODY_INFO:
        return {
            "subject": f"{body.name}（{body.get_kind_display()}）",
            "legal_basis": body.legal_basis,
            "duties": body.duties,
            "remedies": body.remedies,
            "address": body.address,
            "phone": body.phone,
        }
    return {}


@staff_view
def new_item(request, public_id, kind: str):
    found = selectors.body_for(request.user, parse_public_id(public_id))
    if kind not in ItemKind.values:
        return redirect("disclosure:body", public_id=found.public_id)
    if not rights.may_manage(request.user, found.pk):
        raise Forbidden("只有本机关的公示工作人员可以新增公示事项")
    form_class = spec(kind).form
    return form_page(
        request,
        title=f"新增{ItemKind(kind).label}",
        build=lambda data: form_class(data, initial=_initial_for(found, kind)),
        run=lambda data: services.create_item(request.user, found.pk, kind, data),
        done=lambda item: f"/disclosure/items/{item.public_id}/",
        back=f"/disclosure/bodies/{found.public_id}/",
        context={"body": found},
    )


def _actions(user, item) -> list[tuple[str, str]]:
    status, out = item.latest.status, []
    manage = rights.may_manage(user, item.body_id)
    if manage and (status == "draft" or (status == "published" and item.needs_recheck)):
        out.append(("submit", "报送审核" if status == "draft" else "报送复核"))
    if status == "submitted" and rights.may_approve(user, item.kind, item.body_id):
        out.append(("approve", "审核通过"))
    if manage and status == "approved":
        out.append(("publish", "公开"))
    return out


@staff_view
def item(request, public_id):
    found = selectors.item_for(request.user, parse_public_id(public_id))
    latest = found.latest
    page = {
        "item": found,
        "version": latest,
        "rows": [r for r in spec(found.kind).display(latest.content) if r[0] not in ("nodes", "edges")],
        "svg": render_svg(latest.content, found.title) if found.kind == ItemKind.FLOWCHART else "",
        "versions": selectors.versions_of(found),
        "actions": _actions(request.user, found),
        "can_edit": rights.may_manage(request.user, found.body_id) and latest.status != "submitted",
        "can_return": latest.status == "submitted"
        and rights.may_approve(request.user, found.kind, found.body_id),
    }
    return render(request, "disclosure/item.html", page)


@staff_view
def edit_item(request, public_id):
    found = selectors.item_for(request.user, parse_public_id(public_id))
    if not rights.may_manage(request.user, found.body_id):
        raise Forbidden("只有本机关的公示工作人员可以编辑、报审和公开公示事项")
    item_spec = spec(found.kind)
    return form_page(
        request,
        title=f"修改{found.get_kind_display()}",
        build=lambda data: item_spec.form(data, initial=item_spec.initial(found.latest.content)),
        run=lambda data: services.edit_item(request.user, found.pk, data),
        done=lambda _v: f"/disclosure/items/{found.public_id}/",
        back=f"/disclosure/items/{found.public_id}/",
        context={"item": found},
    )


@staff_view
@require_POST
def act(request, public_id, action: str):
    found = selectors.item_for(request.user, parse_public_id(public_id))
    run = {"submit": services.submit, "approve": services.approve, "publish": services.publish}.get(action)
    if run is None:
        return redirect("disclosure:item", public_id=found.public_id)
    labels = {"submit": "报送审核", "approve": "审核通过", "publish": "公开"}
    try:
        run(request.user, found.pk)
    except Conflict as exc:
        messages.error(request, exc.message)
        return redirect("disclosure:item", public_id=found.public_id)
    messages.success(request, f"已{labels[action]}")
    return redirect("disclosure:item", public_id=found.public_id)


@staff_view
def return_item(request, public_id):
    found = selectors.item_for(request.user, parse_public_id(public_id))
    if not rights.may_approve(request.user, found.kind, found.body_id):
        raise Forbidden("您没有审核权限")
    return form_page(
        request,
        title="退回修改",
        build=lambda data: ReturnForm(data),
        run=lambda data: services.return_item(request.user, found.pk, data),
        done=lambda _v: f"/disclosure/items/{found.public_id}/",
        back=f"/disclosure/items/{found.public_id}/",
        context={"item": found},
    )


@staff_view
def version(request, public_id, number: int):
    found = selectors.item_for(request.user, parse_public_id(public_id))
    shown = selectors.version_of(found, number)
    previous = found.versions.filter(number=number - 1).first()
    page = {
        "item": found,
        "version": shown,
        "previous": previous,
        "changes": selectors.diff(found.kind, previous.content if previous else None, shown.content),
        "svg": render_svg(shown.content, found.title) if found.kind == ItemKind.FLOWCHART else "",
    }
    return render(request, "disclosure/version.html", page)


@staff_view
def basis_change(request, public_id):
    found = selectors.body_for(request.user, parse_public_id(public_id))
    if not rights.may_declare_change(request.user, found.pk):
        raise Forbidden("只有本机关公示工作人员或司法行政部门可以登记依据变更")
    choices = [
        (str(i.public_id), f"{i.get_kind_display()}：{i.title}") for i in selectors.published_items(found)
    ]
    return form_page(
        request,
        title="登记依据变更（DISC-12）",
        build=lambda data: BasisChangeForm(data, item_choices=choices),
        run=lambda data: services.declare_basis_change(request.user, found.pk, data),
        done=lambda _c: f"/disclosure/bodies/{found.public_id}/",
        back=f"/disclosure/bodies/{found.public_id}/",
        context={"body": found},
    )


def _window_initial(window) -> dict:
    if window is None:
        return {"is_active": True}
    fields = ("name", "location", "duties", "sample_forms", "progress_query", "complaint", "is_active")
    return {f: getattr(window, f) for f in fields} | {"staff": [s.officer_id for s in window.staff.all()]}


def _window_page(request, found, window=None):
    if not rights.may_manage(request.user, found.pk):
        raise Forbidden("只有本机关的公示工作人员可以维护岗位信息公示牌")
    officers = services.officer_choices(found)
    return form_page(
        request,
        title="修改岗位信息公示牌" if window else "新增岗位信息公示牌",
        build=lambda data: WindowForm(data, officer_choices=officers, initial=_window_initial(window)),
        run=lambda data: services.save_window(request.user, found.pk, data, window.pk if window else None),
        done=lambda _w: f"/disclosure/bodies/{found.public_id}/#windows",
        back=f"/disclosure/bodies/{found.public_id}/",
        context={"body": found},
    )


@staff_view
def new_window(request, public_id):
    return _window_page(request, selectors.body_for(request.user, parse_public_id(public_id)))


@staff_view
def edit_window(request, public_id):
    window = selectors.window_for(request.user, parse_public_id(public_id))
    return _window_page(request, window.body, window)


@staff_view
def window_pdf(request, public_id):
    window = selectors.window_for(request.user, parse_public_id(public_id))
    return HttpResponse(boards.render_pdf(window, request), content_type="application/pdf")
