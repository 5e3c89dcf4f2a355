"""Every write of decision publication: records made by decisions, redaction work, approval and
publication, withdrawal, new versions, periods and early removal.

Each write runs in one transaction with its ledger entry (AUD-01); payloads carry ids and hashes only.
"""

from __future__ import annotations

import datetime
import hashlib

from django.db import transaction
from django.utils import timezone

from sanxiang.cases.choices import DecisionKind, PenaltyKind, Procedure
from sanxiang.cases.models import Case
from sanxiang.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from sanxiang.core.public_content import invalidate as invalidate_portal  # portal page cache (PUB-03)
from sanxiang.documents.choices import DocumentStatus
from sanxiang.documents.context import penalty_text
from sanxiang.documents.models import Document
from sanxiang.ledger.services import append as ledger_append
from sanxiang.orgs import access
from sanxiang.orgs import permissions as perm
from sanxiang.orgs.models import EnforcementBody
from sanxiang.workdays.selectors import add_months, add_workdays

from . import desensitize as engine
from . import indexing, text
from .choices import (
    AWAITING,
    SHORT_DEADLINE_KINDS,
    BlockReason,
    Channel,
    PublicationKind,
    PublicationStatus,
    RemovalStatus,
    VersionState,
    WithdrawalCause,
)
from .models import EarlyRemoval, Publication, PublicationRules, PublicationVersion

SYSTEM = "system:publication"
# DISC-07: penalties whose publication may not be removed early.
NO_EARLY_REMOVAL = frozenset(
    {
        PenaltyKind.SUSPEND_BUSINESS,
        PenaltyKind.RESTRICT_BUSINESS,
        PenaltyKind.RESTRICT_PRACTICE,
        PenaltyKind.LOWER_QUALIFICATION,
        PenaltyKind.REVOKE_LICENSE,
    }
)
SHORT_PERIOD_KINDS = frozenset({PenaltyKind.WARNING, PenaltyKind.CRITICISM})


# --- settings, deadlines, periods --------------------------------------------------------------


def rules_for(body: EnforcementBody) -> PublicationRules:
    """The body's publication rules; a market-supervision body publishes on NECIPS by default (DISC-03)."""
    found = PublicationRules.objects.filter(body=body).first()
    if found:
        return found
    channel = Channel.NECIPS if body.is_market_supervision else Channel.PLATFORM
    return PublicationRules.objects.create(body=body, channel=channel)


def publication_due(
    kind: str, channel: str, procedure: str, penalty_kinds: list[str], rules, day: datetime.date
) -> tuple[datetime.date, bool, str]:
    """Due date, provisional flag and rule id of a decision made on `day` (DISC-01/02/03)."""
    if (
        kind == PublicationKind.PENALTY
        and channel == Channel.NECIPS
        and procedure == Procedure.ORDINARY
        and set(penalty_kinds) != {PenaltyKind.WARNING}
    ):
        count, rule = rules.necips_workdays, "DISC-03"
    elif kind in SHORT_DEADLINE_KINDS:
        count, rule = rules.penalty_workdays, "DISC-01"
    else:
        count, rule = rules.other_workdays, "DISC-02"
    result = add_workdays(day, count)
    return result.date, result.provisional, rule


def period_end(publication: Publication, rules, start: datetime.date) -> datetime.date:
    """DISC-06: criticism, warnings and fines below the low threshold 3 months; everything else 3 years."""
    kinds = set(publication.penalty_kinds)
    short = bool(kinds) and (
        kinds <= SHORT_PERIOD_KINDS
        or (
            kinds <= SHORT_PERIOD_KINDS | {PenaltyKind.FINE}
            and publication.fine_amount < rules.low_fine_threshold
        )
    )
    months = rules.short_period_months if short else rules.period_years * 12
    return add_months(start, months).date


def owes_withdrawal(publication: Publication) -> bool:
    """DISC-05: the decision changed or was revoked and the published content is not down yet."""
    return bool(publication.withdrawal_due) and publication.withdrawn_on is None


# --- helpers ------------------------------------------------------------------------------------


def _ledger(publication: Publication, action: str, actor=None, **extra) -> int:
    payload = {
        "body": publication.body.credit_code,
        "publication": str(publication.public_id),
        "document_number": publication.document_number,
        "status": publication.status,
        **extra,
    }
    entry = ledger_append(
        f"publication.{action}",
        subject_type="publication",
        subject_id=str(publication.public_id),
        payload=payload,
        actor=actor,
        actor_label="" if actor else SYSTEM,
    )
    return entry.index


def _sha256(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def _sm3(value: str) -> str:
    return hashlib.new("sm3", value.encode()).hexdigest()


def _locked(actor, publication_id: int, action: str) -> Publication:
    """The publication, visible to the actor (else 404), the action allowed (else 403), row locked."""
    from .selectors import visible_publications

    found = visible_publications(actor).filter(pk=publication_id).first()
    if found is None:
        raise NotFound("公开记录不存在")
    if not access.can(actor, action, found.body_id):
        raise Forbidden("您没有执行此操作的权限")
    return Publication.objects.select_for_update().select_related("body", "case").get(pk=found.pk)


def _draft(publication: Publication) -> PublicationVersion:
    version = publication.versions.filter(state__in=[VersionState.DRAFT, VersionState.SUBMITTED]).last()
    if version is None:
        raise Conflict("没有正在整理的版本，请先生成新版本", code="no_draft")
    return version


def _redactions(version: PublicationVersion) -> list[engine.Redaction]:
    return [engine.Redaction.from_dict(r) for r in version.redactions]


def _refresh(version: PublicationVersion, redactions: list[engine.Redaction]) -> None:
    """Recompute the desensitized text and the summaries from the source and the redaction log."""
    source, sections = version.source_text, version.sections
    version.redactions = [r.as_dict() for r in redactions]
    version.text = engine.apply(source, redactions)
    version.text_sha256, version.text_sm3 = _sha256(version.text), _sm3(version.text)
    cut = lambda key: text.section(source, sections, redactions, key)  # noqa: E731
    version.facts_summary = cut("facts") or cut("measure_reason")
    version.basis = cut("penalty_basis") or cut("measure_basis")
    version.penalty_text = cut("penalties") or cut("body_text")
    kind = version.publication.kind
    if kind == PublicationKind.NO_PENALTY:
        version.conclusion = "不予行政处罚"
    elif kind == PublicationKind.COERCION:
        version.conclusion = "采取行政强制措施"
    else:
        version.conclusion = (
            f"给予行政处罚：{version.penalty_text}" if version.penalty_text else "给予行政处罚"
        )


def _source(publication: Publication) -> text.SourceText:
    """The current served text: the latest issued decision document, with a recorded change applied."""
    case = publication.case
    document = (
        Document.objects.filter(case=case, kind=publication.document.kind, status=DocumentStatus.ISSUED)
        .order_by("-issued_at", "-id")
        .first()
        or publication.document
    )
    changed = publication.withdrawal_cause == WithdrawalCause.CHANGED and case.outcome_note
    if changed and publication.kind == PublicationKind.PENALTY:
        return text.decision_text(
            document,
            {"penalties": penalty_text(case.final_penalties)},
            (("change", "变更情况", case.outcome_note),),
        )
    return text.decision_text(document)


def _new_version(publication: Publication, actor, reason: str) -> PublicationVersion:
    source = _source(publication)
    rules = rules_for(publication.body)
    people = text.people(publication.case, rules)
    found = engine.find(source.text, people, engine.Policy(party_style=rules.party_style))
    number = (publication.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    publication.versions.filter(
        state__in=[VersionState.DRAFT, VersionState.SUBMITTED, VersionState.REJECTED]
    ).update(state=VersionState.SUPERSEDED)
    version = PublicationVersion(
        publication=publication,
        number=number,
        reason=reason,
        source_text=source.text,
        source_sha256=_sha256(source.text),
        sections=source.sections,
        party_label=text.party_label(publication.case, rules),
        prepared_by=actor,
    )
    _refresh(version, found)
    version.save()
    return version


def _minor(case: Case, day: datetime.date) -> bool:
    """DISC-11: a party flagged as a minor, or younger than 18 by the birth date in the ID number."""
    for party in case.parties.all():
        if party.is_minor:
            return True
        number = party.id_number or ""
        if len(number) == 18:
            try:
                born = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
            except ValueError:
                continue
            if day.year - born.year - ((day.month, day.day) < (born.month, born.day)) < 18:
                return True
    return False


# --- made by the procedure (hooks) -------------------------------------------------------------


def record_decision(case: Case, document: Document, day: datetime.date, actor) -> Publication:
    """A decision was made: its publication record and first draft, in the decision's transaction."""
    rules = rules_for(case.body)
    kind = text.DECISION_KINDS[document.kind]
    if kind == PublicationKind.PENALTY and case.decision_kind == DecisionKind.NO_PENALTY:
        kind = PublicationKind.NO_PENALTY
    penalty_kinds = [p["kind"] for p in case.final_penalties] if kind == PublicationKind.PENALTY else []
    due, provisional, rule = publication_due(kind, rules.channel, case.procedure, penalty_kinds, rules, day)
    publication = Publication.objects.create(
        body=case.body,
        case=case,
        document=document,
        kind=kind,
        document_number=document.number,
        decision_date=day,
        channel=rules.channel,
        penalty_kinds=penalty_kinds,
        heaviest_penalty=case.heaviest_penalty if penalty_kinds else "",
        fine_amount=case.fine_amount if penalty_kinds else 0,
        due_date=due,
        due_provisional=provisional,
        due_rule=rule,
    )
    if _minor(case, day):
        publication.status, publication.blocked_reason = PublicationStatus.BLOCKED, BlockReason.MINOR
        publication.save(update_fields=["status", "blocked_reason", "updated_at"])
    version = _new_version(publication, actor, "决定作出")
    _ledger(
        publication,
        "created",
        actor,
        kind=kind,
        due_date=due,
        rule=rule,
        version=version.number,
        source_sha256=version.source_sha256,
        blocked=publication.blocked_reason,
    )
    return publication


def decision_changed(case: Case, cause: str, day: datetime.date, actor) -> list[Publication]:
    """DISC-05: a decision was changed or revoked: published records must come down within 3 WD;
    unpublished ones are redrafted (changed) or closed (revoked)."""
    changed = []
    rows = Publication.objects.select_for_update(of=("self",)).select_related("body", "case")
    for publication in rows.filter(case=case).exclude(kind=PublicationKind.COERCION):
        rules = rules_for(publication.body)
        if publication.status == PublicationStatus.PUBLISHED:
            publication.withdrawal_cause = cause
            publication.withdrawal_due = add_workdays(day, rules.withdrawal_workdays).date
            publication.withdrawn_on = None
            publication.save(
                update_fields=["withdrawal_cause", "withdrawal_due", "withdrawn_on", "updated_at"]
            )
            action = "withdrawal_required"
        elif publication.status in AWAITING and cause == WithdrawalCause.REVOKED:
            publication.status = PublicationStatus.CANCELLED
            publication.withdrawal_cause = cause
            publication.save(update_fields=["status", "withdrawal_cause", "updated_at"])
            action = "cancelled"
        else:
            action = "decision_changed"
        extra = {}
        if cause == WithdrawalCause.CHANGED and publication.status != PublicationStatus.CANCELLED:
            publication.withdrawal_cause = cause
            version = _new_version(publication, actor, "决定被变更")
            if publication.status in AWAITING:
                publication.status = PublicationStatus.PENDING
                publication.save(update_fields=["status", "updated_at"])
            extra["version"] = version.number
        _ledger(publication, action, actor, cause=cause, withdrawal_due=publication.withdrawal_due, **extra)
        changed.append(publication)
    return changed


# --- the disclosure staff's work ---------------------------------------------------------------


def add_redaction(actor, publication_id: int, phrase: str) -> PublicationVersion:
    """Hide every occurrence of `phrase` in the draft (a name or number the engine missed)."""
    phrase = (phrase or "").strip()
    if len(phrase) < 1 or len(phrase) > 200:
        raise InvalidInput("请填写要隐去的文字（1–200 字）", fields={"phrase": ["请填写要隐去的文字"]})
    with transaction.atomic():
        publication = _locked(actor, publication_id, perm.DISCLOSURE_MANAGE)
        version = _editable(publication)
        if phrase not in version.source_text:
            raise InvalidInput("送达文本中没有这段文字", fields={"phrase": ["送达文本中没有这段文字"]})
        _refresh(version, engine.manual(version.source_text, phrase, _redactions(version)))
        version.save()
        _ledger(
            publication, "redaction_added", actor, version=version.number, redactions=len(version.redactions)
        )
    return version


def remove_redaction(actor, publication_id: int, position: int) -> PublicationVersion:
    """Show a span the engine hid (e.g. an officer's name it guessed); recorded as reviewed and kept."""
    with transaction.atomic():
        publication = _locked(actor, publication_id, perm.DISCLOSURE_MANAGE)
        version = _editable(publication)
        redactions = _redactions(version)
        if not 0 <= position < len(redactions):
            raise InvalidInput("隐去记录不存在", fields={"position": ["隐去记录不存在"]})
        removed = redactions.pop(position)
        version.kept = [*version.kept, {"kind": removed.kind, "start": removed.start, "end": removed.end}]
        _refresh(version, redactions)
        version.save()
        _ledger(publication, "redaction_removed", actor, version=version.number, redactions=len(redactions))
    return version


def _editable(publication: Publication) -> PublicationVersion:
    if publication.status == PublicationStatus.BLOCKED:
        raise Conflict(
            f"该决定不予公开（DISC-11：{publication.get_blocked_reason_display()}）", code="blocked"
        )
    version = _draft(publication)
    if version.state == VersionState.SUBMITTED:
        raise Conflict("该版本已提交审批，不能修改；如需修改请由负责人退回", code="submitted")
    return version


def submit(actor, publication_id: int) -> PublicationVersion:
    with transaction.atomic():
        publication = _locked(actor, publication_id, perm.DISCLOSURE_MANAGE)
        version = _editable(publication)
        if publication.withdrawal_cause == WithdrawalCause.REVOKED:
            raise Conflict("该决定已被撤销，不再公开", code="revoked")
        version.state, version.submitted_at = VersionState.SUBMITTED, timezone.now()
        version.save(update_fields=["state", "submitted_at"])
        if publication.status == PublicationStatus.PENDING:
            publication.status = PublicationStatus.SUBMITTED
            publication.save(update_fields=["status", "updated_at"])
        _ledger(publication, "submitted", actor, version=version.number, text_sha256=version.text_sha256)
    return version


def check_version(version: PublicationVersion) -> list[str]:
    """What approval checks: DISC-09 (text = served text minus logged redactions) and that every
    finding of the engine is either hidden or was reviewed and kept by the staff."""
    source = version.source_text
    problems = []
    if _sha256(source) != version.source_sha256:
        problems.append("送达文本与记录的哈希值不符")
    redactions = _redactions(version)
    problems += [f"DISC-09：{p}" for p in engine.diff_problems(source, version.text, redactions)]
    publication = version.publication
    people = text.people(publication.case, rules_for(publication.body))
    kept = {(k["kind"], k["start"], k["end"]) for k in version.kept}
    for finding in engine.find(source, people, engine.Policy()):
        if (finding.kind, finding.start, finding.end) in kept:
            continue
        if not any(r.start <= finding.start and finding.end <= r.end for r in redactions):
            label = engine.KIND_LABELS.get(finding.kind, finding.kind)
            problems.append(f"PUB-01：原文第 {finding.start + 1} 字起的{label}未隐去，也未经审查确认保留")
    return problems


def approve(actor, publication_id: int, note: str = "") -> Publication:
    """The agency head signs off the submitted version; it is published at once."""
    with transaction.atomic():
        publication = _locked(actor, publication_id, perm.PUBLICATION_APPROVE)
        if publication.status == PublicationStatus.BLOCKED:
            raise Conflict(
                f"DISC-11：该决定不予公开（{publication.get_blocked_reason_display()}）", code="blocked"
            )
        if publication.withdrawal_cause == WithdrawalCause.REVOKED:
            raise Conflict("该决定已被撤销，不再公开", code="revoked")
        if publication.status == PublicationStatus.PUBLISHED and owes_withdrawal(publication):
            raise Conflict("DISC-05：须先撤回原公开内容并说明理由，再公开变更后的决定", code="withdraw_first")
        version = publication.versions.filter(state=VersionState.SUBMITTED).last()
        if version is None:
            raise Conflict("没有待审批的版本", code="nothing_submitted")
        problems = check_version(version)
        if problems:
            raise Conflict("；".join(problems), code="check_failed", fields={"__all__": problems})
        today = timezone.localdate()
        publication.versions.filter(state=VersionState.PUBLISHED).update(state=VersionState.SUPERSEDED)
        version.state, version.decided_by, version.decided_at = VersionState.PUBLISHED, actor, timezone.now()
        version.decision_note = note
        version.save(update_fields=["state", "decided_by", "decided_at", "decision_note"])
        rules = rules_for(publication.body)
        publication.status = PublicationStatus.PUBLISHED
        publication.published_on = publication.published_on or today
        publication.published_version = version.number
        publication.ends_on = publication.ends_on or period_end(publication, rules, today)
        publication.ledger_index = _ledger(
            publication,
            "published",
            actor,
            version=version.number,
            text_sha256=version.text_sha256,
            text_sm3=version.text_sm3,
            source_sha256=version.source_sha256,
            redactions=len(version.redactions),
            ends_on=publication.ends_on,
        )
        publication.save()
        indexing.index(publication, version)
        invalidate_portal("publication.published")  # portal page cache (sanxiang/portal/cache.py)
    return publication


def reject(actor, publication_id: int, note: str) -> PublicationVersion:
    if not (note or "").strip():
        raise InvalidInput("请填写退回理由", fields={"note": ["请填写退回理由"]})
    with transaction.atomic():
        publication = _locked(actor, publication_id, perm.PUBLICATION_APPROVE)
        version = publication.versions.filter(state=VersionState.SUBMITTED).last()
        if version is None:
            raise Conflict("没有待审批的版本", code="nothing_submitted")
        version.state, version.decision_note = VersionState.DRAFT, note.strip()
        version.decided_by, version.decided_at = actor, timezone.now()
        version.save(update_fields=["state", "decision_note", "decided_by", "decided_at"])
        if publication.status == PublicationStatus.SUBMITTED:
            publication.status = PublicationStatus.PENDING
            publication.save(update_fields=["status", "updated_at"])
        _ledger(publication, "returned", actor, version=version.number)
    return version


def block(actor, publication_id: int, reason: str) -> Publication:
    """DISC-11: mark a decision as never published online (secrets, privacy, minors, security)."""
    if reason not in BlockReason.values:
        raise InvalidInput("请选择不予公开的理由", fields={"reason": ["请选择不予公开的理由"]})
    with transaction.atomic():
        publication = _locked(actor, publication_id, perm.DISCLOSURE_MANAGE)
        if publication.status not in (*AWAITING, PublicationStatus.PUBLISHED):
            raise Conflict("该记录当前状态不能标记为不予公开", code="state")
        was_public = publication.status == PublicationStatus.PUBLISHED
        publication.status, publication.blocked_reason = PublicationStatus.BLOCKED, reason
        if was_public:
            publication.withdrawn_on = timezone.localdate()
        publication.save()
        indexing.unindex(publication)
        _ledger(publication, "blocked", actor, reason=reason, was_public=was_public)
        if was_public:
            invalidate_portal("publication.blocked")  # portal page cache (sanxiang/portal/cache.py)
    return publication


def withdraw(actor, publication_id: int, reason: str) -> Publication:
    """DISC-05: take a published decision down, with the public reason; gone from pages and search now."""
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("请填写撤回理由（将向社会公开）", fields={"reason": ["请填写撤回理由"]})
    with transaction.atomic():
        publication = _locked(actor, publication_id, perm.DISCLOSURE_MANAGE)
        if publication.status != PublicationStatus.PUBLISHED:
            raise Conflict("只有已公开的决定可以撤回", code="not_published")
        publication.status = PublicationStatus.WITHDRAWN
        publication.withdrawn_on = timezone.localdate()
        # The reason is shown to the public: it goes through the same engine as the text (PUB-01).
        people = text.people(publication.case, rules_for(publication.body))
        publication.withdrawal_reason = engine.desensitize(reason, people).text
        publication.save()
        indexing.unindex(publication)
        invalidate_portal("publication.withdrawn")  # PUB-03: no cached copy (sanxiang/portal/cache.py)
        _ledger(
            publication,
            "withdrawn",
            actor,
            cause=publication.withdrawal_cause,
            withdrawal_due=publication.withdrawal_due,
            reason_sha256=_sha256(reason),
        )
    return publication


def revise(actor, publication_id: int, reason: str) -> PublicationVersion:
    """A new version from the current served text (a corrected document, a changed decision)."""
    reason = (reason or "").strip() or "更新"
    with transaction.atomic():
        publication = _locked(actor, publication_id, perm.DISCLOSURE_MANAGE)
        if publication.status in (PublicationStatus.BLOCKED, PublicationStatus.CANCELLED):
            raise Conflict("该记录不予公开，不能生成新版本", code="state")
        if publication.withdrawal_cause == WithdrawalCause.REVOKED:
            raise Conflict("该决定已被撤销，不再公开", code="revoked")
        if publication.status == PublicationStatus.WITHDRAWN and not publication.withdrawal_cause:
            raise Conflict("已撤回的决定不能重新公开", code="state")
        version = _new_version(publication, actor, reason[:200])
        if publication.status == PublicationStatus.WITHDRAWN:
            publication.status = PublicationStatus.PENDING
            publication.save(update_fields=["status", "updated_at"])
        _ledger(publication, "revised", actor, version=version.number, source_sha256=version.source_sha256)
    return version


def end_periods(today: datetime.date | None = None) -> int:
    """DISC-06: stop publishing every record whose period has run out (the daily job)."""
    today = today or timezone.localdate()
    ended = 0
    due = Publication.objects.filter(status=PublicationStatus.PUBLISHED, ends_on__lte=today)
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            publication = Publication.objects.select_for_update().select_related("body").get(pk=pk)
            if publication.status != PublicationStatus.PUBLISHED:
                continue
            publication.status, publication.ended_on = PublicationStatus.ENDED, today
            publication.save(update_fields=["status", "ended_on", "updated_at"])
            indexing.unindex(publication)
            _ledger(publication, "ended", None, ends_on=publication.ends_on)
            invalidate_portal("publication.ended")  # portal page cache (sanxiang/portal/cache.py)
            ended += 1
    return ended


# --- early removal (信用修复, DISC-07) -----------------------------------------------------------


def request_early_removal(actor, publication_id: int, reason: str) -> EarlyRemoval:
    """Record a party's request; one for a penalty DISC-07 excludes is refused at once, with the rule."""
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("请填写申请理由", fields={"reason": ["请填写申请理由"]})
    with transaction.atomic():
        publication = _locked(actor, publication_id, perm.DISCLOSURE_MANAGE)
        if publication.status != PublicationStatus.PUBLISHED:
            raise Conflict("只有公示中的决定可以申请提前移除", code="not_published")
        if publication.removals.filter(status=RemovalStatus.PENDING).exists():
            raise Conflict("已有待审批的提前移除申请", code="pending")
        excluded = set(publication.penalty_kinds) & NO_EARLY_REMOVAL
        removal = EarlyRemoval(
            publication=publication, requested_on=timezone.localdate(), reason=reason, recorded_by=actor
        )
        if excluded:
            labels = "、".join(PenaltyKind(k).label for k in sorted(excluded))
            removal.status, removal.rule = RemovalStatus.REFUSED, "DISC-07"
            removal.decided_on = removal.requested_on
            removal.decision_note = f"DISC-07：受到{labels}处罚的，不予提前停止公示"
        removal.save()
        _ledger(
            publication,
            "removal_requested",
            actor,
            removal=removal.pk,
            outcome=removal.status,
            rule=removal.rule,
        )
    return removal


def decide_early_removal(actor, removal_id: int, accept: bool, note: str = "") -> EarlyRemoval:
    removal = EarlyRemoval.objects.filter(pk=removal_id).first()
    if removal is None:
        raise NotFound("提前移除申请不存在")
    with transaction.atomic():
        publication = _locked(actor, removal.publication_id, perm.PUBLICATION_APPROVE)
        removal = EarlyRemoval.objects.select_for_update().get(pk=removal_id)
        if removal.status != RemovalStatus.PENDING:
            raise Conflict("该申请已处理", code="decided")
        if not accept and not (note or "").strip():
            raise InvalidInput("不同意的须说明理由", fields={"note": ["请填写理由"]})
        removal.status = RemovalStatus.ACCEPTED if accept else RemovalStatus.REFUSED
        removal.decided_by, removal.decided_on, removal.decision_note = (
            actor,
            timezone.localdate(),
            note.strip(),
        )
        removal.save()
        if accept:
            publication.status, publication.ended_on = PublicationStatus.REMOVED, removal.decided_on
            publication.save(update_fields=["status", "ended_on", "updated_at"])
            indexing.unindex(publication)
            invalidate_portal("publication.removed")  # portal page cache (sanxiang/portal/cache.py)
        _ledger(publication, "removal_decided", actor, removal=removal.pk, outcome=removal.status)
    return removal
