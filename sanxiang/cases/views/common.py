"""What every case page shares: the login and error wrapper, pagination and form plumbing."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.paginator import Page, Paginator
from django.http import Http404, QueryDict
from django.shortcuts import render

from sanxiang.core.errors import Forbidden, NotFound

PER_PAGE = 30


def staff_view(view: Callable) -> Callable:
    """Login required; the domain's NotFound answers 404 and Forbidden a 403 page (AUTHZ-02).

    Services and selectors decide access (through orgs.access); this only maps their answer.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except NotFound as exc:
            raise Http404(exc.message) from None
        except Forbidden as exc:
            return render(request, "cases/forbidden.html", {"message": exc.message}, status=403)

    return login_required(wrapper)


def paginate(request, queryset) -> Page:
    return Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))


def form_data(query: QueryDict, form_class: type[forms.Form], prefix: str = "") -> dict:
    """The submitted values of `form_class`'s fields as a plain dict; multi-value fields stay lists."""
    data: dict = {}
    for name, field in form_class.base_fields.items():
        key = f"{prefix}-{name}" if prefix else name
        if isinstance(field, forms.MultipleChoiceField):
            data[name] = query.getlist(key)
        elif key in query:
            data[name] = query.get(key)
    return data


def show_errors(form: forms.Form, fields: dict[str, list[str]]) -> None:
    """Put the service's field messages on a bound form, next to the form's own messages.

    Running the form's validation as well shows every mistake at once, where the service stops
    at the first invalid part. Messages naming no field of the form go to the top of it.
    """
    form.is_valid()
    for name, messages in fields.items():
        field = name if name in form.fields else None
        shown = form.errors.get(field or NON_FIELD_ERRORS, [])
        for message in messages:
            if message not in shown:
                form.add_error(field, message)


def use_select(form: forms.Form, name: str, choices: Iterable, *, multiple: bool = False) -> None:
    """Render an id field (an IntegerField in the shared forms) as a choice of named rows."""
    field = form.fields[name]
    choices = list(choices)
    if hasattr(field, "choices"):
        field.choices = choices
    if multiple:
        field.widget = forms.CheckboxSelectMultiple(choices=choices)
    else:
        field.widget = forms.Select(choices=[("", "请选择"), *choices])
    field.widget.is_required = field.required


def style_widgets(form: forms.Form) -> forms.Form:
    """Phone-friendly inputs: native date pickers, checkboxes for multiple choices."""
    for field in form.fields.values():
        if isinstance(field, forms.DateField):
            field.widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
        elif isinstance(field, forms.MultipleChoiceField):
            field.widget = forms.CheckboxSelectMultiple(choices=field.choices)
        field.widget.is_required = field.required
        if isinstance(field.widget, forms.Textarea):
            field.widget.attrs["rows"] = 4
    return form
