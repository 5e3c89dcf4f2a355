"""Bar charts drawn on the server as inline SVG: no JavaScript, no CDN, readable on a phone and in a PDF."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH, LABEL_WIDTH, ROW, PAD = 640, 230, 30, 10
BAR_COLOUR, ZERO_COLOUR = "#1f5fa8", "#999"


def bar_chart(title: str, bars: list[tuple[str, int]]) -> SafeString:
    """A horizontal bar chart; every bar is labelled with its value, zeros included (STAT-03)."""
    top = max((value for _, value in bars), default=0) or 1
    span = WIDTH - LABEL_WIDTH - 60
    height = PAD * 2 + ROW * len(bars)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="100%" '
        f'role="img" aria-label="{escape(title)}" class="chart" font-size="14">',
        f"<title>{escape(title)}</title>",
    ]
    for i, (label, value) in enumerate(bars):
        y = PAD + i * ROW
        length = round(span * value / top)
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + 19}" text-anchor="end" fill="#222">{escape(label)}</text>'
        )
        if length:
            bar = f'x="{LABEL_WIDTH}" y="{y + 5}" width="{length}" height="{ROW - 10}"'
            parts.append(f'<rect {bar} fill="{BAR_COLOUR}"/>')
        colour = "#222" if value else ZERO_COLOUR
        parts.append(f'<text x="{LABEL_WIDTH + length + 6}" y="{y + 19}" fill="{colour}">{int(value)}</text>')
    parts.append(
        f'<line x1="{LABEL_WIDTH}" y1="{PAD}" x2="{LABEL_WIDTH}" y2="{height - PAD}" stroke="#444"/></svg>'
    )
    return mark_safe("".join(parts))  # noqa: S308 - every text node above is escaped
