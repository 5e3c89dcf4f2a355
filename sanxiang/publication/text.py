"""The served decision as plain text, and what the case knows about the people in it.

The text is laid out like the PDF (documents.rendering.pdf.sections): title, body, 文号, then each
field of the kind with its label, then body and date. Section spans let the summaries shown on the
portal be cut from the same redacted text, so they cannot carry anything the full text does not.
"""

from __future__ import annotations

from dataclasses import dataclass

from sanxiang.cases.choices import PartyKind
from sanxiang.cases.models import Case
from sanxiang.documents import kinds
from sanxiang.documents.choices import DocumentKind
from sanxiang.documents.models import Document, Signature
from sanxiang.orgs.models import Officer

from . import desensitize as engine
from .choices import PartyStyle

# Context keys of other documents of the case that name natural persons other than the party.
OTHER_PERSON_KEYS = ("interviewee_name", "witness", "present_person", "recipient")
OTHER_ADDRESS_KEYS = ("interviewee_address",)
SIGNER_OTHERS = ("witness", "interviewee", "recipient")


@dataclass(frozen=True)
class SourceText:
    text: str
    sections: dict[str, list[int]]


def decision_text(document: Document, overrides: dict | None = None, extra: tuple = ()) -> SourceText:
    """The served text of a decision document; `overrides`/`extra` carry a later change (DISC-05)."""
    kind = kinds.get(document.kind)
    ctx = dict(document.context) | (overrides or {})
    parts: list[str] = []
    sections: dict[str, list[int]] = {}

    def add(line: str, key: str = "", value_start: int = 0) -> None:
        start = sum(len(p) + 1 for p in parts)
        parts.append(line)
        if key:
            sections[key] = [start + value_start, start + len(line)]

    add(ctx.get("agency", ""))
    add(kind.title)
    add(ctx.get("reference", ""), "number")
    rows = [(f.key, f.label, f.block) for f in kind.fields] + [(k, label, True) for k, label, _v in extra]
    values = ctx | {k: v for k, _label, v in extra}
    for key, label, _block in rows:
        value = values.get(key)
        if not value or not isinstance(value, str):
            continue
        add(f"{label}：{value}", key, len(label) + 1)
    add(ctx.get("agency", ""))
    add(ctx.get("date", ""), "date")
    return SourceText("\n".join(parts), sections)


def people(case: Case, rules) -> engine.People:
    """Names and addresses the case knows, sorted into masked, kept and public (docs/publication.md)."""
    parties = list(case.parties.all())
    natural = tuple(p.name for p in parties if p.kind == PartyKind.NATURAL_PERSON)
    organisations = tuple(p.name for p in parties if p.kind != PartyKind.NATURAL_PERSON)
    kept = set(Officer.objects.filter(body=case.body).values_list("name", flat=True))
    if rules.keep_legal_representative:
        kept |= {p.legal_representative for p in parties if p.legal_representative}
    others: set[str] = set()
    addresses = {p.address for p in parties if p.kind == PartyKind.NATURAL_PERSON and p.address}
    for ctx in Document.objects.filter(case=case).values_list("context", flat=True):
        others |= {str(ctx.get(k) or "").strip() for k in OTHER_PERSON_KEYS}
        addresses |= {str(ctx.get(k) or "").strip() for k in OTHER_ADDRESS_KEYS}
    for name, witness, role in Signature.objects.filter(document__case=case).values_list(
        "signer_name", "witness_name", "role"
    ):
        if role in SIGNER_OTHERS:
            others.add(name)
        others.add(witness)
    if not rules.keep_legal_representative:
        others |= {p.legal_representative for p in parties if p.legal_representative}
    others = {o for o in others if o and o not in natural and o not in kept and o not in organisations}
    body = case.body
    return engine.People(
        parties=natural,
        organisations=organisations,
        officers=tuple(sorted(kept)),
        others=tuple(sorted(others)),
        addresses=tuple(sorted(a for a in addresses if a)),
        public=tuple(v for v in (body.name, body.address, body.phone) if v),
    )


def party_label(case: Case, rules) -> str:
    """The party as the portal shows it: organisations by name, natural persons as 王某 (PUB-02)."""
    parties = list(case.parties.all())
    natural = [p.name for p in parties if p.kind == PartyKind.NATURAL_PERSON]
    aliases = engine.party_aliases(natural, rules.party_style or PartyStyle.SURNAME)
    return "、".join(aliases.get(p.name, p.name) for p in parties)


def section(text: str, sections: dict, redactions: list[engine.Redaction], key: str) -> str:
    """One section of the published text; a redaction crossing its edge hides the whole section."""
    span = sections.get(key)
    if not span:
        return ""
    start, end = span
    inside = []
    for r in redactions:
        if r.end <= start or r.start >= end:
            continue
        if r.start < start or r.end > end:
            return engine.PLACEHOLDERS[engine.MANUAL]
        inside.append(engine.Redaction(r.kind, r.start - start, r.end - start, r.replacement, r.origin))
    return engine.apply(text[start:end], inside)


DECISION_KINDS = {
    DocumentKind.PENALTY_DECISION: "penalty",
    DocumentKind.NO_PENALTY_DECISION: "no_penalty",
    DocumentKind.ON_SPOT_DECISION: "penalty",
    DocumentKind.MEASURE_DECISION: "coercion",
}
