"""Keep the portal's search rows in step with what is published (called inside the services' transactions)."""

from __future__ import annotations

from .models import Publication, PublicationVersion, SearchEntry
from .search import fold, terms


def searchable_text(publication: Publication, version: PublicationVersion) -> str:
    """Only desensitized fields of the published version: the index never sees the served text."""
    return "\n".join(
        part
        for part in (
            publication.document_number,
            publication.get_kind_display(),
            publication.body.name,
            version.party_label,
            version.conclusion,
            version.text,
        )
        if part
    )


def index(publication: Publication, version: PublicationVersion) -> SearchEntry:
    text = searchable_text(publication, version)
    entry, _created = SearchEntry.objects.update_or_create(
        publication=publication,
        defaults={
            "body_id": publication.body_id,
            "kind": publication.kind,
            "decision_date": publication.decision_date,
            "ends_on": publication.ends_on,
            "folded": fold(text),
            "terms": terms(text),
        },
    )
    return entry


def unindex(publication: Publication) -> None:
    """Withdrawn, ended or removed: gone from search in the same transaction (PUB-03)."""
    SearchEntry.objects.filter(publication=publication).delete()
