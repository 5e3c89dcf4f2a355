"""Catalogue, benchmark and time-limit management pages (agency heads, legal reviewers, the bureau)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from sanxiang.core.errors import NotFound
from sanxiang.orgs.models import EnforcementBody

from .. import forms as f
from .. import selectors, services
from ..models import CatalogueItem, ReviewRules
from ..permissions import (
    can_manage_catalogue,
    can_manage_city_catalogue,
    can_read_catalogue,
    catalogue_body_ids,
)
from .common import require, staff_view, step_page


def _owner(request, body_id: int | None) -> EnforcementBody | None:
    """The catalogue's owner from the URL: None for the city default; 404 for a body not one's own."""
    if body_id is None:
        return None
    body = EnforcementBody.objects.filter(pk=body_id).first()
    if body is None or not can_read_catalogue(request.user, body.pk):
        raise NotFound("执法主体不存在")
    return body


def _managed_bodies(user) -> list[EnforcementBody]:
    ids = [i for i in catalogue_body_ids(user) if can_manage_catalogue(user, i)]
    return list(EnforcementBody.objects.filter(pk__in=ids).order_by("name"))


@staff_view
def catalogue_list(request):
    today = timezone.localdate()
    bodies = list(EnforcementBody.objects.filter(pk__in=catalogue_body_ids(request.user)).order_by("name"))
    context = {
        "catalogues": selectors.catalogues_for(request.user),
        "effective": [(b, selectors.effective_catalogue(b, today)) for b in bodies],
        "managed": _managed_bodies(request.user),
        "city_manager": can_manage_city_catalogue(request.user),
        "gaps": set(selectors.bodies_without_published_catalogue(today).values_list("pk", flat=True)),
        "today": today,
    }
    return render(request, "review/catalogues.html", context)


@staff_view
def catalogue_new(request, body_id: int | None = None):
    body = _owner(request, body_id)
    require(can_manage_catalogue(request.user, body_id), "您没有制定该目录的权限")
    owner = body.name if body else "全市通用目录"
    return step_page(
        request,
        title=f"制定新版目录（{owner}）",
        form_class=f.CatalogueForm,
        run=lambda data: services.create_catalogue(request.user, body, data),
        done=lambda c: reverse("review:catalogue", args=[c.pk]),
        back=reverse("review:catalogues"),
        initial={"title": "重大执法决定法制审核目录清单", "copy_previous": True},
    )


@staff_view
def catalogue_detail(request, catalogue_id: int):
    catalogue = selectors.catalogue_detail(request.user, catalogue_id)
    context = {"catalogue": catalogue, "can_manage": can_manage_catalogue(request.user, catalogue.body_id)}
    return render(request, "review/catalogue.html", context)


def _catalogue_step(request, catalogue_id: int, *, title, form_class, run, initial=None):
    catalogue = selectors.catalogue_detail(request.user, catalogue_id)
    require(can_manage_catalogue(request.user, catalogue.body_id), "您没有维护该目录的权限")
    back = reverse("review:catalogue", args=[catalogue.pk])
    return step_page(
        request,
        title=title,
        form_class=form_class,
        run=lambda data: run(request.user, catalogue, data),
        done=lambda _r: back,
        back=back,
        initial=initial,
        context={"catalogue": catalogue},
    )


@staff_view
def item_add(request, catalogue_id: int):
    return _catalogue_step(
        request, catalogue_id, title="增加目录事项", form_class=f.CatalogueItemForm, run=services.add_item
    )


@staff_view
def catalogue_in_force(request, catalogue_id: int):
    return _catalogue_step(
        request, catalogue_id, title="确定施行日期", form_class=f.PutInForceForm, run=services.put_in_force
    )


@staff_view
def catalogue_publish(request, catalogue_id: int):
    return _catalogue_step(
        request, catalogue_id, title="公布目录清单", form_class=f.DatedForm, run=services.publish
    )


@staff_view
@require_POST
def item_remove(request, item_id: int):
    item = CatalogueItem.objects.select_related("catalogue").filter(pk=item_id).first()
    if item is None or not can_read_catalogue(request.user, item.catalogue.body_id):
        raise NotFound("目录事项不存在")
    services.remove_item(request.user, item)
    messages.success(request, f"已删除第 {item.number} 项")
    return redirect("review:catalogue", catalogue_id=item.catalogue_id)


@staff_view
def review_rules(request, body_id: int):
    body = _owner(request, body_id)
    require(can_manage_catalogue(request.user, body.pk), "您没有设置审核时限的权限")
    current = ReviewRules.objects.filter(body=body).first() or ReviewRules(body=body)
    return step_page(
        request,
        title=f"法制审核时限（{body.name}）",
        form_class=f.ReviewRulesForm,
        run=lambda data: services.configure_rules(request.user, body, data),
        done=lambda _r: reverse("review:catalogues"),
        back=reverse("review:catalogues"),
        initial={
            "time_limit_workdays": current.time_limit_workdays,
            "extension_workdays": current.extension_workdays,
        },
    )


# --- discretion benchmarks --------------------------------------------------------------------------


@staff_view
def benchmark_list(request):
    context = {
        "violations": selectors.violation_types_for(request.user),
        "managed": _managed_bodies(request.user),
        "city_manager": can_manage_city_catalogue(request.user),
    }
    return render(request, "review/benchmarks.html", context)


@staff_view
def benchmark_new(request, body_id: int | None = None):
    body = _owner(request, body_id)
    require(can_manage_catalogue(request.user, body_id), "您没有维护该裁量基准的权限")
    return step_page(
        request,
        title=f"新增裁量基准（{body.name if body else '全市通用'}）",
        form_class=f.ViolationTypeForm,
        run=lambda data: services.create_violation_type(request.user, body, data),
        done=lambda v: reverse("review:benchmark", args=[v.pk]),
        back=reverse("review:benchmarks"),
    )


@staff_view
def benchmark_detail(request, violation_id: int):
    violation = selectors.violation_detail(request.user, violation_id)
    context = {"violation": violation, "can_manage": can_manage_catalogue(request.user, violation.body_id)}
    return render(request, "review/benchmark.html", context)


@staff_view
def benchmark_range(request, violation_id: int):
    violation = selectors.violation_detail(request.user, violation_id)
    require(can_manage_catalogue(request.user, violation.body_id), "您没有维护该裁量基准的权限")
    back = reverse("review:benchmark", args=[violation.pk])
    return step_page(
        request,
        title=f"设置裁量幅度（{violation}）",
        form_class=f.RangeForm,
        run=lambda data: services.set_range(request.user, violation, data),
        done=lambda _r: back,
        back=back,
    )
