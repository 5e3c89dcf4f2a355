"""Every read of publication data: staff reads scoped through orgs.access, public reads of published
versions only (PUB-04), the deadline scan and the indicator inputs for supervision."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, F, Prefetch, Q, QuerySet

from sanxiang.cases import deadlines as case_deadlines
from sanxiang.cases.choices import Light
from sanxiang.core.errors import NotFound
from sanxiang.core.ids import parse_public_id
from sanxiang.ledger.encoding import actor_string, iso_utc, leaf_data
from sanxiang.ledger.models import Entry
from sanxiang.orgs import access
from sanxiang.orgs import permissions as perm
from sanxiang.workdays.selectors import workdays_between

from . import search
from .choices import AWAITING, PublicationStatus, VersionState
from .models import Publication, PublicationVersion, SearchEntry

# Statuses a public decision page answers for; anything else is a 404 (never existed publicly).
PUBLIC_PAGE_STATUSES = frozenset(
    {
        PublicationStatus.PUBLISHED,
        PublicationStatus.WITHDRAWN,
        PublicationStatus.ENDED,
        PublicationStatus.REMOVED,
    }
)


# --- staff --------------------------------------------------------------------------------------


def visible_publications(user) -> QuerySet[Publication]:
    """Disclosure staff and agency heads of the body (DISCLOSURE_MANAGE or PUBLICATION_APPROVE)."""
    base = Publication.objects.all()
    return access.scope(user, base, perm.DISCLOSURE_MANAGE) | access.scope(
        user, base, perm.PUBLICATION_APPROVE
    )


def publication_list(user, *, status: str = "", body_id: int | None = None) -> QuerySet[Publication]:
    rows = visible_publications(user).select_related("body")
    if status:
        rows = rows.filter(status=status)
    if body_id:
        rows = rows.filter(body_id=body_id)
    return rows.order_by("due_date", "-id")


def publication_detail(user, publication_id: int) -> Publication:
    rows = (
        visible_publications(user)
        .select_related("body", "case", "document")
        .prefetch_related(
            Prefetch("versions", queryset=PublicationVersion.objects.order_by("number")), "removals"
        )
    )
    found = rows.filter(pk=publication_id).first()
    if found is None:
        raise NotFound("公开记录不存在")
    return found


def publication_by_public_id(user, public_id) -> Publication:
    found = visible_publications(user).filter(public_id=parse_public_id(public_id)).first()
    if found is None:
        raise NotFound("公开记录不存在")
    return publication_detail(user, found.pk)


def working_version(publication: Publication) -> PublicationVersion | None:
    """The draft or submitted version, if any (what the staff page edits)."""
    versions = [
        v for v in publication.versions.all() if v.state in (VersionState.DRAFT, VersionState.SUBMITTED)
    ]
    return versions[-1] if versions else None


# Version columns the portal never reads: the served text with personal data and the log over it (PUB-04).
PRIVATE_FIELDS = ("source_text", "sections", "redactions", "kept")


# --- public -------------------------------------------------------------------------------------


def published_version(publication: Publication) -> PublicationVersion | None:
    if publication.published_version is None:
        return None
    return publication.versions.filter(number=publication.published_version).defer(*PRIVATE_FIELDS).first()


def public_decision(public_id) -> Publication:
    """A decision page: published ones with content; withdrawn, ended, removed ones as a notice only."""
    found = (
        Publication.objects.select_related("body")
        .filter(public_id=parse_public_id(public_id), status__in=PUBLIC_PAGE_STATUSES)
        .first()
    )
    if found is None:
        raise NotFound("公开的决定不存在")
    return found


def is_live(publication: Publication, today: datetime.date) -> bool:
    """Published and inside its period (DISC-06 applies even before the daily job ran)."""
    return publication.status == PublicationStatus.PUBLISHED and (
        publication.ends_on is None or publication.ends_on > today
    )


def search_decisions(
    today: datetime.date,
    *,
    q: str = "",
    body_id: int | None = None,
    kind: str = "",
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> QuerySet[SearchEntry]:
    """The portal's search: only live published decisions, through the full-text index.

    `search.find` chooses the plan (index or date-index walk) and carries the capped hit count;
    read pages through `search.CappedPaginator` to use both (docs/publication.md "Search")."""
    # The page shows none of the search columns (~5 KB a row): do not fetch them (fix 4).
    rows = SearchEntry.objects.select_related("publication", "publication__body").defer("folded", "terms")
    rows = search.active(rows, today)
    if body_id:
        rows = rows.filter(body_id=body_id)
    if start:
        rows = rows.filter(decision_date__gte=start)
    if end:
        rows = rows.filter(decision_date__lte=end)
    # kind is no index's column: a row filter, kept out of the rows a common term's count scans.
    return search.find(rows, q, Q(kind=kind) if kind else None)


def with_versions(entries) -> list[tuple[Publication, PublicationVersion | None]]:
    """Each row with its published version: one query per thousand rows."""
    publications = [e.publication for e in entries]
    versions: dict[int, PublicationVersion] = {}
    ids = [p.pk for p in publications]
    for i in range(0, len(ids), 1000):
        chunk = PublicationVersion.objects.defer(*PRIVATE_FIELDS).filter(
            publication_id__in=ids[i : i + 1000], state=VersionState.PUBLISHED
        )
        versions |= {v.publication_id: v for v in chunk}
    return [(p, versions.get(p.pk)) for p in publications]


def open_data(today: datetime.date, **filters) -> QuerySet[SearchEntry]:
    return search_decisions(today, **filters)


def publish_receipt(publication: Publication) -> dict | None:
    """The leaf data of the publishing ledger entry: with the inclusion proof at
    /api/v1/ledger/entries/{index}/proof anyone can check it against the signed tree head.
    The payload holds ids and hashes only (the SHA-256 of the published text among them)."""
    if publication.ledger_index is None:
        return None
    entry = Entry.objects.filter(index=publication.ledger_index).first()
    if entry is None:
        return None
    data = leaf_data(
        index=entry.index,
        kind=entry.kind,
        subject_type=entry.subject_type,
        subject_id=entry.subject_id,
        actor=actor_string(entry.actor_id, entry.actor_label),
        created_at=iso_utc(entry.created_at),
        payload=entry.payload,
    )
    return {
        "index": entry.index,
        "leaf_data": data.decode(),
        "leaf_hash": entry.leaf_hash,
        "proof_url": f"/api/v1/ledger/entries/{entry.index}/proof",
        "tree_head_url": "/api/v1/ledger/tree-head",
    }


# --- the deadline scan (DISC-01/02/05) -----------------------------------------------------------


@dataclass(frozen=True)
class PublicationDeadline:
    """Quacks like cases.models.Deadline for the body's deadline scan (rule, due date, kind label)."""

    kind: str
    rule: str
    due_date: datetime.date
    provisional: bool
    publication: Publication

    def get_kind_display(self) -> str:
        return "决定撤回期限" if self.kind == "withdrawal" else "决定公开期限"


@dataclass(frozen=True)
class Alert:
    case: object
    status: case_deadlines.DeadlineStatus


def _status(deadline: PublicationDeadline, today: datetime.date, limit: datetime.date):
    if deadline.due_date < today:
        light = Light.RED
    elif deadline.due_date <= limit:
        light = Light.YELLOW
    else:
        light = Light.GREEN
    days_left = (deadline.due_date - today).days
    if days_left >= 0:
        workdays_left = workdays_between(today, deadline.due_date).count
    else:
        workdays_left = -workdays_between(deadline.due_date, today).count
    return case_deadlines.DeadlineStatus(deadline, light, days_left, workdays_left)


def system_deadline_alerts(
    today: datetime.date, *, body_id: int | None = None, publications: QuerySet | None = None
) -> list[Alert]:
    """Unpublished decisions due within 3 working days or overdue, and withdrawals owed (DISC-05).

    Same shape as cases.selectors.system_deadline_alerts (Alert.case, Alert.status with .deadline,
    .light, .days_left), so the cases scan can append these rows (docs/publication.md)."""
    limit = case_deadlines.due_soon_limit(today)
    rows = publications if publications is not None else Publication.objects.all()
    if body_id:
        rows = rows.filter(body_id=body_id)
    rows = rows.select_related("case", "case__body", "body")
    alerts = []
    for p in rows.filter(status__in=AWAITING, due_date__lte=limit):
        alerts.append(PublicationDeadline("publication", p.due_rule, p.due_date, p.due_provisional, p))
    for p in rows.filter(
        status=PublicationStatus.PUBLISHED, withdrawal_due__lte=limit, withdrawn_on__isnull=True
    ):
        alerts.append(PublicationDeadline("withdrawal", "DISC-05", p.withdrawal_due, False, p))
    alerts.sort(key=lambda d: (d.due_date, d.publication.pk))
    return [Alert(d.publication.case, _status(d, today, limit)) for d in alerts]


def deadline_alerts(user, today: datetime.date, body_id: int | None = None) -> list[Alert]:
    """The scan for one user: the publications they may see, plus those of cases they may see."""
    from sanxiang.cases.selectors import visible_cases

    visible = Publication.objects.filter(
        Q(pk__in=visible_publications(user).values("pk")) | Q(case__in=visible_cases(user))
    )
    return system_deadline_alerts(today, body_id=body_id, publications=visible)


# --- indicator inputs for supervision -----------------------------------------------------------


def _counted(body_id: int | None, start: datetime.date, end: datetime.date) -> QuerySet[Publication]:
    rows = Publication.objects.filter(decision_date__gte=start, decision_date__lte=end).exclude(
        status__in=[PublicationStatus.BLOCKED, PublicationStatus.CANCELLED]
    )
    return rows.filter(body_id=body_id) if body_id else rows


def publication_on_time(body_id: int | None, start: datetime.date, end: datetime.date) -> tuple[int, int]:
    """(published on time, publishable decisions) for decisions made in [start, end] (DISC-01/02/03).

    Blocked (DISC-11) and cancelled records are not counted; an unpublished record counts as late."""
    rows = _counted(body_id, start, end)
    on_time = rows.filter(published_on__isnull=False, published_on__lte=F("due_date")).count()
    return on_time, rows.count()


def withdrawals_on_time(body_id: int | None, start: datetime.date, end: datetime.date) -> tuple[int, int]:
    """(withdrawn within the DISC-05 limit, withdrawals owed) for withdrawal duties due in [start, end]."""
    rows = Publication.objects.filter(withdrawal_due__gte=start, withdrawal_due__lte=end)
    if body_id:
        rows = rows.filter(body_id=body_id)
    on_time = rows.filter(withdrawn_on__isnull=False, withdrawn_on__lte=F("withdrawal_due")).count()
    return on_time, rows.count()


def _pairs(rows: QuerySet[Publication], body_ids, on_time: Q) -> dict[int, tuple[int, int]]:
    """{body_id: (on time, total)} in one grouped query; (0, 0) for a body with no rows."""
    ids = list(body_ids)
    counts = dict.fromkeys(ids, (0, 0))
    grouped = (
        rows.filter(body_id__in=ids)
        .order_by()
        .values("body_id")
        .annotate(total=Count("pk"), on_time=Count("pk", filter=on_time))
    )
    for row in grouped:
        counts[row["body_id"]] = (row["on_time"], row["total"])
    return counts


def publication_on_time_many(
    body_ids, start: datetime.date, end: datetime.date
) -> dict[int, tuple[int, int]]:
    """`publication_on_time` for many bodies in one query: {body_id: (on time, total)}."""
    on_time = Q(published_on__isnull=False, published_on__lte=F("due_date"))
    return _pairs(_counted(None, start, end), body_ids, on_time)


def withdrawals_on_time_many(
    body_ids, start: datetime.date, end: datetime.date
) -> dict[int, tuple[int, int]]:
    """`withdrawals_on_time` for many bodies in one query: {body_id: (on time, owed)}."""
    rows = Publication.objects.filter(withdrawal_due__gte=start, withdrawal_due__lte=end)
    on_time = Q(withdrawn_on__isnull=False, withdrawn_on__lte=F("withdrawal_due"))
    return _pairs(rows, body_ids, on_time)


def overdue_unpublished(body_id: int | None, today: datetime.date) -> int:
    """Decisions past their publication deadline and still not published."""
    rows = Publication.objects.filter(status__in=AWAITING, due_date__lt=today)
    return (rows.filter(body_id=body_id) if body_id else rows).count()


def early_removals(body_id: int | None, start: datetime.date, end: datetime.date) -> dict[str, int]:
    """Early-removal requests in [start, end] by outcome (accepted, refused, pending)."""
    from .models import EarlyRemoval

    rows = EarlyRemoval.objects.filter(requested_on__gte=start, requested_on__lte=end)
    if body_id:
        rows = rows.filter(publication__body_id=body_id)
    counts = {"accepted": 0, "refused": 0, "pending": 0}
    for status in rows.values_list("status", flat=True):
        counts[status] += 1
    return counts
