"""Render time per document: .docx (docxtpl) and PDF (WeasyPrint), with and without the compact font.

Run: .venv/bin/python bench/documents_render.py [repeats]. Prints the median milliseconds per kind
(a context as the penalty decision carries it, about 600 characters of case text). No database.
"""

from __future__ import annotations

import os
import statistics
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sanxiang.settings")

import django  # noqa: E402

django.setup()

from sanxiang.documents import kinds  # noqa: E402
from sanxiang.documents.context import sample  # noqa: E402
from sanxiang.documents.rendering import defaults, docx, fonts, pdf  # noqa: E402

FACTS = "当事人在其经营场所销售超过保质期的食品，货值金额九十六元，违法所得十二元。" * 8


def context_for(kind: kinds.Kind) -> dict:
    ctx = sample(kind)
    ctx.update(
        facts=FACTS, party_name="河津市某某商贸有限公司", number="河市监罚〔2026〕12号", title=kind.title
    )
    return ctx


def median_ms(fn, repeats: int) -> float:
    fn()  # warm-up: fonts, templates
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main(repeats: int) -> None:
    started = time.perf_counter()
    compact = fonts.compact_font()
    print(
        f"compact font: {compact or 'not available (system font)'} ({time.perf_counter() - started:.2f} s, cached after the first run)"
    )
    rows = []
    for code, kind in kinds.KINDS.items():
        ctx, template = context_for(kind), defaults.load(code)[0]
        docx_ms = median_ms(lambda: docx.render(template, ctx), repeats)  # noqa: B023 - called at once
        pdf_ms = median_ms(lambda: pdf.render(kind, ctx), repeats)  # noqa: B023
        rows.append((code, docx_ms, pdf_ms, len(pdf.render(kind, ctx))))
    print(f"{'kind':24} {'docx ms':>8} {'pdf ms':>8} {'pdf KB':>7}")
    for code, d, p, size in rows:
        print(f"{code:24} {d:8.0f} {p:8.0f} {size / 1024:7.0f}")
    print(
        f"median over kinds: docx {statistics.median(r[1] for r in rows):.0f} ms, pdf {statistics.median(r[2] for r in rows):.0f} ms"
    )

    kind = kinds.KINDS["penalty_decision"]
    ctx = context_for(kind)
    original, fonts.compact_font = fonts.compact_font, lambda: None
    try:
        system_ms = median_ms(lambda: pdf.render(kind, ctx), repeats)
        system_kb = len(pdf.render(kind, ctx)) / 1024
    finally:
        fonts.compact_font = original
    print(f"penalty_decision PDF with the full system font instead: {system_ms:.0f} ms, {system_kb:.0f} KB")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
