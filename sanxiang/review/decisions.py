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

from django.db.models import Case, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.db.models.lookups import Exact

from .choices import CatalogueStatus
from .models import Catalogue, Classification

# Triggers whose rows classify the case's final penalties as of its decision date.
DECISION_TRIGGERS = ("decide", "decide_on_the_spot", "change_decision", "backfill")

# What `with_decision_state` says of a decided case.
STALE = 0  # no stored row of its decision date, or the catalogues in force on that date changed since
CURRENT_MINOR = 1  # the stored row is current and says "not major"
CURRENT_MAJOR = 2  # the stored row is current and says "major"


def _same_catalogue(field: str, in_force: Subquery) -> Exact:
    """NULL-safe equality of a stored catalogue and the one in force (none on both sides is equal)."""
    return Exact(Coalesce(field, Value(0)), Coalesce(in_force, Value(0)))


def with_decision_state(decided: QuerySet) -> QuerySet:
    """`decided` cases annotated with `decision_state`: STALE, CURRENT_MINOR or CURRENT_MAJOR (above).

    One correlated subquery per case: the latest decision row, checked against the catalogues in force
    on the decision date inside it. (Separate annotations for the stored fields and the catalogues,
    each used by the next, made the database evaluate about fifteen subqueries a case: 12 s of CPU for
    1M cases on SQLite, docs/benchmarks.md "Compliance indicators".)
    """
    in_force = Catalogue.objects.filter(
        status=CatalogueStatus.IN_FORCE, effective_from__lte=OuterRef(OuterRef("decided_on"))
    ).order_by("-effective_from", "-version")
    city_now = Subquery(in_force.filter(body__isnull=True).values("pk")[:1])
    own_now = Subquery(in_force.filter(body=OuterRef(OuterRef("body"))).values("pk")[:1])
    current = (
        Q(day=OuterRef("decided_on"), major__isnull=False)
        & Q(_same_catalogue("city_catalogue", city_now))
        & Q(_same_catalogue("body_catalogue", own_now))
    )
    latest = (
        Classification.objects.filter(case=OuterRef("pk"), trigger__in=DECISION_TRIGGERS)
        .order_by("-id")
        .annotate(
            state=Case(
                When(~current, then=Value(STALE)),
                When(major=True, then=Value(CURRENT_MAJOR)),
                default=Value(CURRENT_MINOR),
                output_field=IntegerField(),
            )
        )
    )
    return decided.annotate(decision_state=Coalesce(Subquery(latest.values("state")[:1]), Value(STALE)))


def backfill(cases: QuerySet, batch: int = 500) -> int:
    """Store a `backfill` decision row for every decided case in `cases` without a current one.

    Used by migration 0003 and by bench data written straight to the tables. No ledger entry: the row
    records nobody's act, only what the catalogue said (ledger_index stays empty)."""
    from sanxiang.cases.models import Party

    from . import classify
    from .statistics import _catalogue_picker

    stale = list(
        with_decision_state(cases.filter(decided_on__isnull=False))
        .filter(decision_state=STALE)
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
