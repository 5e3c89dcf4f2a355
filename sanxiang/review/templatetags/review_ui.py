"""Display helpers for the review pages."""

from django import template

from ..choices import Material
from ..classify import describe, yuan

register = template.Library()


@register.filter
def penalty_text(items) -> str:
    return describe(items or [])


@register.filter
def money(value) -> str:
    return "—" if value is None else f"{yuan(value)} 元"


@register.filter
def material_label(code: str) -> str:
    return Material(code).label if code in Material.values else code


@register.filter
def percent(value) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"
