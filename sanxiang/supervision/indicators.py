"""The indicators computable from the apps built so far (issue 6 §1), declared as data.

Every `compute` answers for all bodies in a constant number of queries (grouped by body);
every `drill` lists one body's records behind its value. The `query` text of each declaration is
the documented definition that anyone can re-run against the published data (docs/supervision.md).
"""

from __future__ import annotations

import math
from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Exists, F, OuterRef, Q
from django.urls import reverse

from sanxiang.cases.choices import Procedure
from sanxiang.cases.models import Case, CaseEvent, Deadline
from sanxiang.documents.choices import DocumentKind as K
from sanxiang.documents.choices import DocumentStatus
from sanxiang.documents.gate import REQUIRED
from sanxiang.documents.models import Document
from sanxiang.evidence.choices import AV_KINDS, DeviceKind, DeviceStatus, EvidenceStatus
from sanxiang.evidence.models import Device, Evidence, RecorderPolicy
from sanxiang.evidence.rules import AV_REQUIRED, AV_SERVICE_METHODS, FIELD_STEPS, SERVICE_STEPS
from sanxiang.orgs.choices import CREDENTIAL_ELIGIBLE_STAFF, CredentialStatus, Role
from sanxiang.orgs.models import Credential, Officer, RoleGrant
from sanxiang.review.choices import SubmissionStatus
from sanxiang.review.models import Catalogue, Submission
from sanxiang.review.selectors import bodies_without_published_catalogue
from sanxiang.review.statistics import REVIEWER_SHARE_MINIMUM, unreviewed_decisions

from .registry import Direction, Indicator, Measure, Period, Record, Unit

ONE = Decimal("1")


def _case_url(case_id: int) -> str:
    return reverse("cases:detail", args=[case_id])


def _case_label(row) -> str:
    return row.number or row.clue_number


# ---------------------------------------------------------------------------------------------
# CRED-01: officers' credentials valid
# ---------------------------------------------------------------------------------------------


def _valid_credential(day) -> Q:
    return Q(status=CredentialStatus.VALID, valid_from__lte=day, valid_until__gte=day)


def _eligible_officers(body_ids):
    return Officer.objects.filter(
        body_id__in=body_ids, is_active=True, staff_type__in=CREDENTIAL_ELIGIBLE_STAFF
    )


def _credentialed(day):
    return Exists(Credential.objects.filter(_valid_credential(day), officer_id=OuterRef("pk")))


def compute_credentials(period: Period, body_ids: list[int]) -> dict[int, Measure]:
    rows = (
        _eligible_officers(body_ids)
        .annotate(valid=_credentialed(period.end))
        .values("body_id")
        .annotate(total=Count("id"), ok=Count("id", filter=Q(valid=True)))
    )
    return {r["body_id"]: Measure.share(r["ok"], r["total"]) for r in rows}


def drill_credentials(period: Period, body_id: int) -> list[Record]:
    officers = (
        _eligible_officers([body_id])
        .annotate(valid=_credentialed(period.end))
        .prefetch_related("credentials")
        .order_by("valid", "name")
    )
    records = []
    for officer in officers:
        latest = max(officer.credentials.all(), key=lambda c: c.valid_until, default=None)
        if officer.valid:
            detail = f"证件 {latest.number if latest else ''} 有效"
        elif latest is None:
            detail = "无行政执法证件"
        else:
            detail = (
                f"证件 {latest.number}：{latest.get_status_display()}，有效期至 {latest.valid_until:%Y-%m-%d}"
            )
        records.append(Record(f"{officer.name}（{officer.post or '执法人员'}）", detail, officer.valid))
    return records


# ---------------------------------------------------------------------------------------------
# REC-01 / REC-02: audio/video where mandatory, and field steps covered
# ---------------------------------------------------------------------------------------------


def _has_av():
    return Exists(
        Evidence.objects.filter(
            case_id=OuterRef("case_id"),
            step=OuterRef("transition"),
            kind__in=AV_KINDS,
            status=EvidenceStatus.ACTIVE,
            derived_from__isnull=True,
        )
    )


def _av_events(period: Period, body_ids: list[int], field_steps: bool):
    if field_steps:
        which = Q(transition__in=list(FIELD_STEPS)) | Q(
            transition__in=SERVICE_STEPS, data__service_method__in=list(AV_SERVICE_METHODS)
        )
    else:
        which = Q(transition__in=list(AV_REQUIRED))
    return CaseEvent.objects.filter(
        which, case__body_id__in=body_ids, effective_on__range=(period.start, period.end)
    ).annotate(av=_has_av())


def _av_compute(field_steps: bool):
    def compute(period: Period, body_ids: list[int]) -> dict[int, Measure]:
        # One step of a case counts once however often it was recorded (as evidence.rules.av_flags).
        steps: dict[int, dict[tuple[int, str], bool]] = defaultdict(dict)
        rows = _av_events(period, body_ids, field_steps).values_list(
            "case__body_id", "case_id", "transition", "av"
        )
        for body_id, case_id, transition, av in rows:
            steps[body_id][(case_id, transition)] = av
        return {b: Measure.share(sum(s.values()), len(s)) for b, s in steps.items()}

    return compute


def _av_drill(field_steps: bool):
    labels = {**AV_REQUIRED, **FIELD_STEPS, "serve_notice": "送达告知书", "serve_decision": "送达决定书"}

    def drill(period: Period, body_id: int) -> list[Record]:
        rows = (
            _av_events(period, [body_id], field_steps)
            .select_related("case")
            .only("transition", "effective_on", "data", "case__number", "case__clue_number")
            .order_by("av", "effective_on", "id")
        )
        seen, records = set(), []
        for event in rows:
            key = (event.case_id, event.transition)
            if key in seen:
                continue
            seen.add(key)
            method = AV_SERVICE_METHODS.get((event.data or {}).get("service_method"), "")
            step = labels.get(event.transition, event.transition) + (f"（{method}）" if method else "")
            detail = f"{step}：{'已附音像记录' if event.av else '未附音像记录'}"
            records.append(
                Record(
                    _case_label(event.case), detail, event.av, _case_url(event.case_id), event.effective_on
                )
            )
        return records

    return drill


# ---------------------------------------------------------------------------------------------
# R12: recorder ratio
# ---------------------------------------------------------------------------------------------


def _ratio_inputs(period: Period, body_ids: list[int]):
    officers = dict(
        _eligible_officers(body_ids)
        .filter(Exists(Credential.objects.filter(_valid_credential(period.end), officer_id=OuterRef("pk"))))
        .values("body_id")
        .annotate(n=Count("id"))
        .values_list("body_id", "n")
    )
    devices = dict(
        Device.objects.filter(body_id__in=body_ids, kind=DeviceKind.RECORDER, status=DeviceStatus.ACTIVE)
        .values("body_id")
        .annotate(n=Count("id"))
        .values_list("body_id", "n")
    )
    policies = dict(
        RecorderPolicy.objects.filter(body_id__in=body_ids).values_list("body_id", "officers_per_device")
    )
    return officers, devices, policies


def compute_recorders(period: Period, body_ids: list[int]) -> dict[int, Measure]:
    officers, devices, policies = _ratio_inputs(period, body_ids)
    result = {}
    for body_id in body_ids:
        n, d, per = officers.get(body_id, 0), devices.get(body_id, 0), policies.get(body_id, 3)
        required = math.ceil(n / per)
        note = f"持证执法人员 {n} 名，按每 {per} 名 1 台应配 {required} 台，在用 {d} 台"
        result[body_id] = Measure(d >= required, d, required, note)
    return result


def drill_recorders(period: Period, body_id: int) -> list[Record]:
    measure = compute_recorders(period, [body_id])[body_id]
    records = [Record("配备比例", measure.note, bool(measure.value))]
    for device in Device.objects.filter(body_id=body_id, kind=DeviceKind.RECORDER).select_related(
        "assigned_officer"
    ):
        user = device.assigned_officer.name if device.assigned_officer else "未分配"
        ok = device.status == DeviceStatus.ACTIVE
        records.append(
            Record(f"执法记录仪 {device.number}", f"{device.get_status_display()}；使用人：{user}", ok)
        )
    return records


# ---------------------------------------------------------------------------------------------
# REV-06 catalogue published; REV-03 reviewers >= 5 %
# ---------------------------------------------------------------------------------------------


def compute_catalogue(period: Period, body_ids: list[int]) -> dict[int, Measure]:
    gaps = set(
        bodies_without_published_catalogue(period.end).filter(pk__in=body_ids).values_list("pk", flat=True)
    )
    return {b: Measure.yes_no(b not in gaps) for b in body_ids}


def drill_catalogue(period: Period, body_id: int) -> list[Record]:
    rows = Catalogue.objects.filter(body_id=body_id).order_by("-version")
    records = []
    for c in rows:
        in_force = c.status == "in_force" and c.effective_from and c.effective_from <= period.end
        published = c.published and c.published_on and c.published_on <= period.end
        detail = f"第 {c.version} 版，{c.get_status_display()}，{'已公布 ' + str(c.published_on) if c.published else '未公布'}"
        records.append(
            Record(c.title, detail, bool(in_force and published), reverse("review:catalogue", args=[c.pk]))
        )
    return records or [Record("没有本机关的重大执法决定法制审核目录清单", "", False)]


def _reviewers(body_ids):
    return RoleGrant.objects.filter(body_id__in=body_ids, role=Role.LEGAL_REVIEWER, user__is_active=True)


def compute_reviewers(period: Period, body_ids: list[int]) -> dict[int, Measure]:
    reviewers = dict(
        _reviewers(body_ids)
        .values("body_id")
        .annotate(n=Count("user", distinct=True))
        .values_list("body_id", "n")
    )
    officers, _, _ = _ratio_inputs(period, body_ids)
    return {
        b: Measure.share(reviewers.get(b, 0), officers.get(b, 0))
        for b in body_ids
        if officers.get(b) or reviewers.get(b)
    }


def drill_reviewers(period: Period, body_id: int) -> list[Record]:
    measure = compute_reviewers(period, [body_id]).get(body_id) or Measure.share(0, 0)
    records = [
        Record(
            "比例",
            f"法制审核人员 {measure.numerator or 0} 名 / 持证执法人员 {measure.denominator or 0} 名",
            None,
        )
    ]
    for grant in _reviewers([body_id]).select_related("user").order_by("user__username"):
        records.append(Record(str(grant.user), "法制审核人员", True))
    return records


# ---------------------------------------------------------------------------------------------
# REV-01 decisions that needed a review and had none; REV-07 reviews within the time limit
# ---------------------------------------------------------------------------------------------


def compute_unreviewed(period: Period, body_ids: list[int]) -> dict[int, Measure]:
    found = unreviewed_decisions(body_ids, period.start, period.end)
    return {b: Measure.count(len(found.get(b, []))) for b in body_ids}


def drill_unreviewed(period: Period, body_id: int) -> list[Record]:
    found = unreviewed_decisions([body_id], period.start, period.end).get(body_id, [])
    return [
        Record(
            _case_label(c),
            "重大执法决定未经法制审核或审核未通过即作出决定",
            False,
            _case_url(c.pk),
            c.decided_on,
        )
        for c in found
    ]


def _reviews(period: Period, body_ids: list[int]):
    done = Q(status=SubmissionStatus.DONE, opinion_on__range=(period.start, period.end))
    still_open = Q(status=SubmissionStatus.UNDER_REVIEW, due_on__lt=period.end)
    late = Q(opinion_on__gt=F("due_on")) | Q(status=SubmissionStatus.UNDER_REVIEW)
    return Submission.objects.filter(
        done | still_open, case__body_id__in=body_ids, due_on__isnull=False
    ), late


def compute_review_time(period: Period, body_ids: list[int]) -> dict[int, Measure]:
    rows, late = _reviews(period, body_ids)
    rows = rows.values("case__body_id").annotate(total=Count("id"), late=Count("id", filter=late))
    return {r["case__body_id"]: Measure.share(r["total"] - r["late"], r["total"]) for r in rows}


def drill_review_time(period: Period, body_id: int) -> list[Record]:
    rows, _ = _reviews(period, [body_id])
    records = []
    for s in rows.select_related("case").order_by("due_on", "id"):
        if s.status == SubmissionStatus.DONE:
            ok = s.opinion_on <= s.due_on
            detail = f"第 {s.round} 轮：{s.opinion_on:%Y-%m-%d} 出具意见，期限 {s.due_on:%Y-%m-%d}"
        else:
            ok = False
            detail = f"第 {s.round} 轮：审核中，期限 {s.due_on:%Y-%m-%d} 已过"
        records.append(Record(_case_label(s.case), detail, ok, _case_url(s.case_id), s.due_on))
    return sorted(records, key=lambda r: (r.ok, r.on))


# ---------------------------------------------------------------------------------------------
# REC-03 documents complete at closing; cases overdue
# ---------------------------------------------------------------------------------------------


def _has_docs(kinds) -> Exists:
    return Exists(
        Document.objects.filter(case_id=OuterRef("pk"), status=DocumentStatus.ISSUED, kind__in=list(kinds))
    )


def _closed(period: Period, body_ids: list[int]):
    """Cases closed in the period, each annotated with whether REC-03's stages are all on file."""
    complete = Q(procedure=Procedure.SIMPLIFIED, has_on_spot=True) | Q(
        Q(procedure=Procedure.ORDINARY, has_start=True, has_investigation=True, has_decision=True)
        & (Q(has_service=True) | ~Q(transferred_to=""))
    )
    return Case.objects.filter(body_id__in=body_ids, closed_on__range=(period.start, period.end)).annotate(
        has_on_spot=_has_docs({K.ON_SPOT_DECISION}),
        has_start=_has_docs(REQUIRED["start"]),
        has_investigation=_has_docs(REQUIRED["investigation"]),
        has_decision=_has_docs(REQUIRED["decision"]),
        has_service=_has_docs(REQUIRED["service"]),
    ), complete


def compute_documents(period: Period, body_ids: list[int]) -> dict[int, Measure]:
    rows, complete = _closed(period, body_ids)
    rows = rows.values("body_id").annotate(total=Count("id"), ok=Count("id", filter=complete))
    return {r["body_id"]: Measure.share(r["ok"], r["total"]) for r in rows}


def drill_documents(period: Period, body_id: int) -> list[Record]:
    from sanxiang.documents.kinds import STAGES

    rows, complete = _closed(period, [body_id])
    records = []
    for case in rows.order_by("closed_on", "id"):
        if case.procedure == Procedure.SIMPLIFIED:
            missing = [] if case.has_on_spot else ["当场行政处罚决定书"]
        else:
            have = {
                "start": case.has_start,
                "investigation": case.has_investigation,
                "decision": case.has_decision,
                "service": case.has_service or bool(case.transferred_to),
            }
            missing = [STAGES[s] for s, ok in have.items() if not ok]
        detail = "各环节书面记录齐全" if not missing else "缺少：" + "；".join(missing)
        records.append(Record(_case_label(case), detail, not missing, _case_url(case.pk), case.closed_on))
    return sorted(records, key=lambda r: (r.ok, r.on))


def _overdue(period: Period, body_ids: list[int]):
    """Deadlines running and past due on `end`: not met by then, not paused then."""
    end = period.end
    return Deadline.objects.filter(
        Q(met_on__isnull=True) | Q(met_on__gt=end),
        Q(paused_on__isnull=True) | Q(paused_on__gt=end),
        case__body_id__in=body_ids,
        start_date__lte=end,
        due_date__lt=end,
    )


def compute_overdue(period: Period, body_ids: list[int]) -> dict[int, Measure]:
    rows = _overdue(period, body_ids).values("case__body_id").annotate(n=Count("case_id", distinct=True))
    found = {r["case__body_id"]: r["n"] for r in rows}
    return {b: Measure.count(found.get(b, 0)) for b in body_ids}


def drill_overdue(period: Period, body_id: int) -> list[Record]:
    rows = _overdue(period, [body_id]).select_related("case").order_by("due_date", "case_id")
    return [
        Record(
            _case_label(d.case),
            f"{d.get_kind_display()}（{d.rule}）届满 {d.due_date:%Y-%m-%d}，截至 {period.end:%Y-%m-%d} 已超期 {(period.end - d.due_date).days} 日",
            False,
            _case_url(d.case_id),
            d.due_date,
        )
        for d in rows
    ]


INDICATORS: list[Indicator] = [
    Indicator(
        code="cred_valid",
        title="执法人员持有效执法证件",
        rules=("CRED-01",),
        section="公示",
        definition="期末在岗、属于可申领执法证件人员类别的执法人员中，持有在期末日有效（未暂扣、未注销、在有效期内）行政执法证件的比例。",
        query="SELECT body_id, COUNT(*) total, COUNT(*) FILTER (WHERE EXISTS (SELECT 1 FROM credential c "
        "WHERE c.officer_id = o.id AND c.status='valid' AND c.valid_from <= :end AND c.valid_until >= :end)) ok "
        "FROM officer o WHERE o.is_active AND o.staff_type IN ('civil_servant','quasi_civil_servant',"
        "'public_institution') GROUP BY body_id; value = ok/total",
        unit=Unit.SHARE,
        threshold=ONE,
        direction=Direction.AT_LEAST,
        compute=compute_credentials,
        drill=drill_credentials,
        weight=2,
    ),
    Indicator(
        code="av_mandatory",
        title="法定全程音像记录已附",
        rules=("REC-01",),
        section="记录",
        definition="期间内实施的查封扣押、强制拆除环节（每案每环节计一次）中，该环节附有未封存的音像记录原件的比例。",
        query="SELECT DISTINCT body_id, case_id, transition, EXISTS (SELECT 1 FROM evidence e WHERE e.case_id = ev.case_id "
        "AND e.step = ev.transition AND e.kind IN ('audio','video') AND e.status='active' AND e.derived_from_id IS NULL) av "
        "FROM case_event ev WHERE ev.transition IN ('take_measure','demolish') AND ev.effective_on BETWEEN :start AND :end; "
        "value = COUNT(av)/COUNT(*) per body",
        unit=Unit.SHARE,
        threshold=ONE,
        direction=Direction.AT_LEAST,
        compute=_av_compute(False),
        drill=_av_drill(False),
        weight=2,
    ),
    Indicator(
        code="av_field",
        title="现场执法等环节音像记录覆盖",
        rules=("REC-02",),
        section="记录",
        definition="期间内的听证、先行登记保存证据（调查取证）以及留置送达、公告送达环节（每案每环节计一次）中，附有音像记录的比例。"
        "REC-02 只提示、不阻断，门槛按“根据情况”取 90%。",
        query="as av_mandatory, with ev.transition IN ('record_hearing','preserve_evidence') OR (ev.transition IN "
        "('serve_notice','serve_decision') AND ev.data->>'service_method' IN ('left','public_notice'))",
        unit=Unit.SHARE,
        threshold=Decimal("0.9"),
        direction=Direction.AT_LEAST,
        compute=_av_compute(True),
        drill=_av_drill(True),
    ),
    Indicator(
        code="recorder_ratio",
        title="执法记录仪配备比例达标",
        rules=("R12", "REC-01"),
        section="记录",
        definition="在用执法记录仪台数不少于“期末持证在岗执法人员数 ÷ 本机关配备标准（每 N 名 1 台，默认 3）”向上取整。",
        query="devices = COUNT(device WHERE kind='recorder' AND status='active'); officers = as cred_valid.ok; "
        "per = recorder_policy.officers_per_device (default 3); value = devices >= CEIL(officers/per)",
        unit=Unit.YES_NO,
        threshold=True,
        direction=Direction.AT_LEAST,
        compute=compute_recorders,
        drill=drill_recorders,
    ),
    Indicator(
        code="rev_catalogue",
        title="重大执法决定法制审核目录清单已公布",
        rules=("REV-06",),
        section="审核",
        definition="期末日本机关有已施行且已公布的本机关目录清单版本。",
        query="EXISTS (SELECT 1 FROM review_catalogue WHERE body_id = :body AND status='in_force' AND "
        "effective_from <= :end AND published AND published_on <= :end)",
        unit=Unit.YES_NO,
        threshold=True,
        direction=Direction.AT_LEAST,
        compute=compute_catalogue,
        drill=drill_catalogue,
        weight=2,
    ),
    Indicator(
        code="rev_reviewers",
        title="法制审核人员不少于执法人员的 5%",
        rules=("REV-03",),
        section="审核",
        definition="有效的法制审核人员账号数 ÷ 期末持证在岗执法人员数。",
        query="COUNT(DISTINCT role_grant.user_id WHERE role='legal_reviewer' AND user.is_active) / officers (as recorder_ratio)",
        unit=Unit.SHARE,
        threshold=REVIEWER_SHARE_MINIMUM,
        direction=Direction.AT_LEAST,
        compute=compute_reviewers,
        drill=drill_reviewers,
    ),
    Indicator(
        code="rev_missing",
        title="应审未审的重大执法决定",
        rules=("REV-01",),
        section="审核",
        definition="期间内作出的决定中，按决定日施行的目录清单（或人工标记）属于重大执法决定、却没有通过的法制审核的件数。必须为 0。",
        query="review.statistics.unreviewed_decisions(bodies, :start, :end) — classify(case.final_penalties, "
        "catalogue in force on decided_on) OR manual flag; then gate.resolution(case).passed = false. The "
        "classification is the review_classification row stored at the decision (review/decisions.py) while "
        "it is current, else computed again",
        unit=Unit.COUNT,
        threshold=0,
        direction=Direction.AT_MOST,
        compute=compute_unreviewed,
        drill=drill_unreviewed,
        weight=3,
    ),
    Indicator(
        code="rev_on_time",
        title="法制审核在时限内完成",
        rules=("REV-07",),
        section="审核",
        definition="期间内出具意见的审核轮次，加上期末仍在审核且已过期限的轮次中，在期限届满日当日或之前出具意见的比例。",
        query="SELECT ... FROM review_submission WHERE due_on IS NOT NULL AND ((status='done' AND opinion_on BETWEEN "
        ":start AND :end) OR (status='under_review' AND due_on < :end)); late = opinion_on > due_on OR "
        "status='under_review'; value = (total - late)/total",
        unit=Unit.SHARE,
        threshold=ONE,
        direction=Direction.AT_LEAST,
        compute=compute_review_time,
        drill=drill_review_time,
    ),
    Indicator(
        code="rec_documents",
        title="结案时书面记录齐全",
        rules=("REC-03",),
        section="记录",
        definition="期间内结案的案件中，已签发启动（立案审批表）、调查取证（现场检查或询问笔录）、决定（决定书或移送书）"
        "和送达（送达回证，移送的除外）各环节文书的比例；简易程序案件只需当场处罚决定书。",
        query="SELECT body_id, COUNT(*), COUNT(*) FILTER (WHERE complete) FROM case WHERE closed_on BETWEEN :start AND :end; "
        "complete = EXISTS issued document of each REC-03 stage (documents.gate.REQUIRED)",
        unit=Unit.SHARE,
        threshold=ONE,
        direction=Direction.AT_LEAST,
        compute=compute_documents,
        drill=drill_documents,
    ),
    Indicator(
        code="cases_overdue",
        title="超期案件",
        rules=("CASE-04", "CASE-05", "CASE-11"),
        section="办案",
        definition="截至期末日，有法定期限已届满而未完成（未中止）的案件数。",
        query="SELECT body_id, COUNT(DISTINCT case_id) FROM deadline WHERE start_date <= :end AND due_date < :end AND "
        "(met_on IS NULL OR met_on > :end) AND (paused_on IS NULL OR paused_on > :end) GROUP BY body_id",
        unit=Unit.COUNT,
        threshold=0,
        direction=Direction.AT_MOST,
        compute=compute_overdue,
        drill=drill_overdue,
        weight=2,
    ),
]
