"""Inline SVG charts (no external JavaScript, no CDN: government intranets, CSP-friendly)."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def sparkline(points, width: int = 120, height: int = 28, top: float = 100):
    """A line of (day, value) points scaled 0..top; the last value is marked. Empty: a dash."""
    values = [float(v) for _, v in points or []]
    if not values:
        return mark_safe('<span class="muted">—</span>')
    top = max(float(top), max(values)) or 1
    step = width / max(len(values) - 1, 1)
    coords = [
        (round(i * step, 1), round(height - 2 - (v / top) * (height - 4), 1)) for i, v in enumerate(values)
    ]
    line = " ".join(f"{x},{y}" for x, y in coords)
    first, last = points[0][0], points[-1][0]
    label = f"{first:%Y-%m-%d} 至 {last:%Y-%m-%d}：{values[0]:g} → {values[-1]:g}"
    x, y = coords[-1]
    return format_html(
        '<svg class="spark" width="{}" height="{}" viewBox="0 0 {} {}" role="img" aria-label="{}">'
        "<title>{}</title>"
        '<polyline fill="none" stroke="#1a4f8b" stroke-width="1.5" points="{}"/>'
        '<circle cx="{}" cy="{}" r="2.5" fill="#1a4f8b"/></svg>',
        width,
        height,
        width,
        height,
        label,
        label,
        line,
        x,
        y,
    )


@register.simple_tag
def bar(value, top=100, width: int = 160):
    """A horizontal bar for a score (0..top)."""
    if value is None:
        return mark_safe('<span class="muted">无数据</span>')
    share = max(0.0, min(float(Decimal(value) / Decimal(top)), 1.0))
    colour = "#2f855a" if share >= 0.9 else "#b7791f" if share >= 0.6 else "#c53030"
    return format_html(
        '<svg width="{}" height="12" role="img" aria-label="{}"><rect width="{}" height="12" fill="#e4e7eb"/>'
        '<rect width="{}" height="12" fill="{}"/></svg>',
        width,
        value,
        width,
        round(share * width, 1),
        colour,
    )


@register.simple_tag
def trend_chart(series, width: int = 640, height: int = 180):
    """Several named lines [(name, [(day, value)])] on one 0..100 chart with a legend."""
    palette = ["#1a4f8b", "#c53030", "#2f855a", "#b7791f", "#6b46c1", "#2c7a7b", "#97266d", "#4a5568"]
    days = sorted({d for _, pts in series for d, _ in pts})
    if not days:
        return mark_safe(
            '<p class="muted">还没有快照（运行 <code>sanxiang indicators snapshot</code>）。</p>'
        )
    index = {d: i for i, d in enumerate(days)}
    step = (width - 40) / max(len(days) - 1, 1)
    lines = []
    for n, (name, pts) in enumerate(series):
        coords = " ".join(
            f"{round(30 + index[d] * step, 1)},{round(height - 20 - float(v) / 100 * (height - 30), 1)}"
            for d, v in pts
        )
        lines.append((palette[n % len(palette)], coords, name))
    grid = format_html_join(
        "",
        '<line x1="30" x2="{}" y1="{}" y2="{}" stroke="#e4e7eb"/><text x="0" y="{}" font-size="10">{}</text>',
        (
            (width - 10, y, y, y + 3, label)
            for label, y in ((100, 10), (50, (height - 10) // 2), (0, height - 20))
        ),
    )
    polylines = format_html_join(
        "",
        '<polyline fill="none" stroke="{}" stroke-width="1.8" points="{}"><title>{}</title></polyline>',
        lines,
    )
    legend = format_html_join(
        "",
        '<span class="legend"><span style="background:{}"></span>{}</span>',
        ((c, name) for c, _, name in lines),
    )
    axis = format_html(
        '<text x="30" y="{}" font-size="10">{}</text><text x="{}" y="{}" font-size="10" text-anchor="end">{}</text>',
        height - 4,
        f"{days[0]:%m-%d}",
        width - 10,
        height - 4,
        f"{days[-1]:%m-%d}",
    )
    return format_html(
        '<svg class="trend" width="100%" viewBox="0 0 {} {}" role="img" aria-label="得分趋势">{}{}{}</svg>'
        '<div class="legends">{}</div>',
        width,
        height,
        grid,
        polylines,
        axis,
        legend,
    )


@register.filter
def get_item(mapping, key):
    """mapping[key] in a template (trends by body id); an empty list when absent."""
    return (mapping or {}).get(key, [])
