"""The public page of the indicator definitions and the city's latest published figures (open data)."""

from __future__ import annotations

from django.shortcuts import render

from . import registry
from .models import IndicatorSnapshot, ScoreSnapshot, SnapshotRun


def indicators(request):
    run = SnapshotRun.objects.order_by("-day").first()
    city = {}
    score = None
    if run is not None:
        city = {v.code: v for v in IndicatorSnapshot.objects.filter(run=run, body__isnull=True)}
        row = ScoreSnapshot.objects.filter(run=run, body__isnull=True).first()
        score = row.score if row else None
    rows = [(i, city.get(i.code)) for i in registry.all_indicators()]
    return render(request, "supervision/public_indicators.html", {"rows": rows, "run": run, "score": score})
