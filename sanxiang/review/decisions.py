"""The stored classification of each decision (REV-01), which supervision's `rev_missing` counts.

Every time a case's final penalties are set — `decide`, `decide_on_the_spot`, `change_decision` —
the review app's transition handler stores a `Classification` of those penalties as of the decision
date (`day = decided_on`), with the catalogue versions it used. Decisions made before this existed
got a `backfill` row from migration 0003. A stored row is *current* while it is of the case's
decision date and the city and body catalogue versions in force on that date are still the ones it
used; a catalogue put in force retroactively makes it stale, and `statistics.unreviewed_decisions`
then classifies that decision again in Python. See docs/review.md §9 and docs/supervision.md.
"""

from __future__ import annotations

from django.db.models import BooleanField, Case, F, OuterRef, Q, QuerySet, Subquery, Value, When

from .choices import CatalogueStatus
from .models import Catalogue, Classification

# Triggers whose rows classify the case's final penalties as of its decision date.
DECISION_TRIGGERS = ("decide", "decide_on_the_spot", "change_decision", "backfill")


def _same(a: str, b: str) -> Q:
    """NULL-safe equality of two annotations (no catalogue on either side counts as equal)."""
    return Q(**{a: F(b)}) | Q(**{f"{a}__isnull": True, f"{b}__isnull": True})


def with_stored_major(decided: QuerySet) -> QuerySet:
    """`decided` cases annotated with `stored_major` (latest decision row) and `current` (see above)."""
    latest = Classification.objects.filter(case=OuterRef("pk"), trigger__in=DECISION_TRIGGERS).order_by("-id")
    in_force = Catalogue.objects.filter(
        status=CatalogueStatus.IN_FORCE, effective_from__lte=OuterRef("decided_on")
    ).order_by("-effective_from", "-version")
    rows = decided.annotate(
        stored_major=Subquery(latest.values("major")[:1]),
        stored_day=Subquery(latest.values("day")[:1]),
        stored_city=Subquery(latest.values("city_catalogue")[:1]),
        stored_own=Subquery(latest.values("body_catalogue")[:1]),
        city_now=Subquery(in_force.filter(body__isnull=True).values("pk")[:1]),
        own_now=Subquery(in_force.filter(body=OuterRef("body")).values("pk")[:1]),
    )
    current = (
        Q(stored_major__isnull=False, stored_day=F("decided_on"))
        & _same("stored_city", "city_now")
        & _same("stored_own", "own_now")
    )
    return rows.annotate(
        current=Case(When(current, then=Value(True)), default=Value(False), output_field=BooleanField())
    )


def backfill(cases: QuerySet, batch: int = 500) -> int:
    """Store a `backfill` decision row for every decided case in `cases` without a current one.

    Used by migration 0003 and by bench data written straight to the tables. No ledger entry: the row
    records nobody's act, only what the catalogue said (ledger_index stays empty)."""
    from sanxiang.cases.models import Party

    from . import classify
    from .statistics import _catalogue_picker

    stale = list(
        with_stored_major(cases.filter(decided_on__isnull=False))
        .filter(current=False)
        .only("id", "body_id", "decided_on", "final_penalties", "hearing_held_on")
    )
    if not stale:
        return 0
    kinds: dict[int, list[str]] = {}
    for first in range(0, len(stale), batch):  # batched: SQLite caps the parameters of one query
        ids = [c.pk for c in stale[first : first + batch]]
        for case_id, kind in Party.objects.filter(case__in=ids).values_list("case_id", "kind"):
            kinds.setdefault(case_id, []).append(kind)
    pick = _catalogue_picker(sorted({c.body_id for c in stale}))
    rows = []
    for case in stale:
        result = classify.classify(
            case,
            case.final_penalties,
            case.decided_on,
            catalogues=pick(case.body_id, case.decided_on),
            party=classify.party_kind(case, kinds.get(case.pk, [])),
        )
        rows.append(
            Classification(
                case_id=case.pk,
                trigger="backfill",
                day=case.decided_on,
                penalties=case.final_penalties,
                major=result.major,
                reasons=[r.as_dict() for r in result.reasons],
                city_catalogue=result.city,
                body_catalogue=result.own,
            )
        )
    Classification.objects.bulk_create(rows, batch_size=batch)
    return len(rows)
