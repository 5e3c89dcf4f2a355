"""One case's history as a list of dated steps: which transition, who performs it, with what input.

A `Path` walks the procedure forward from a start date, drawing gaps in working days, and respects
the statutory rules the services check (statement period, hearing notice, payment surcharge...).
`paths.SCENARIOS` maps each scenario to the stage it stops at; `plans.py` chooses start dates.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from sanxiang.cases import rules
from sanxiang.cases.choices import PenaltyKind
from sanxiang.workdays.selectors import add_workdays

from . import causes, data


@dataclass
class Step:
    name: str  # a transition of cases.procedure, "document:<kind>" (a 笔录) or "review:legal" (法制审核)
    who: str  # officer / head / chief / review (see city.SEAT_ROLES)
    data: dict

    @property
    def day(self) -> datetime.date:
        return self.data["date"]


@dataclass
class CaseSpec:
    """What a case is about, drawn once: body, cause, party, penalties and the scenario to play."""

    scenario: str
    cast: object  # city.BodyCast
    cause: causes.Cause
    party: dict
    place: str
    facts: str
    source: str
    assistant_pk: int
    penalties: list[tuple[str, Decimal]]
    hearing_right: bool
    simplified: bool = False
    paid_on_the_spot: bool = False


def penalty_input(penalties: list[tuple[str, Decimal]]) -> dict:
    """The PenaltyFields of cases.forms for a list of (kind, amount)."""
    values: dict = {"penalty_kinds": [kind for kind, _ in penalties]}
    for kind, amount in penalties:
        if kind == PenaltyKind.FINE:
            values["fine_amount"] = str(amount)
        elif kind in (PenaltyKind.CONFISCATE_GAINS, PenaltyKind.CONFISCATE_PROPERTY):
            values["confiscation_amount"] = str(amount)
    return values


def fine_of(penalties: list[tuple[str, Decimal]]) -> Decimal:
    return sum((a for k, a in penalties if k == PenaltyKind.FINE), Decimal("0"))


def labels(penalties: list[tuple[str, Decimal]]) -> str:
    return "、".join(f"{PenaltyKind(k).label}{f' {a} 元' if a else ''}" for k, a in penalties)


@dataclass
class Path:
    spec: CaseSpec
    rng: random.Random
    day: datetime.date
    steps: list[Step] = field(default_factory=list)
    penalties: list[tuple[str, Decimal]] = field(default_factory=list)
    served_on: datetime.date | None = None

    def __post_init__(self) -> None:
        self.registered = self.day
        self.now = timezone.now()

    def wd(self, low: int, high: int) -> datetime.date:
        """Move `low`..`high` working days on (0 keeps the day)."""
        self.day = add_workdays(self.day, self.rng.randint(low, high)).date
        return self.day

    def go(self, name: str, who: str, low: int = 0, high: int = 0, **values) -> None:
        self.wd(low, high)
        self.steps.append(Step(name, who, {"date": self.day, **values}))

    # --- written records (REC-03: a case closes only with its investigation record) --------

    def _record(self, kind: str, day: datetime.date, hour: int, **values) -> None:
        """A 笔录 made by the lead officer and the assistant, never later than now."""
        started = timezone.make_aware(
            datetime.datetime.combine(day, datetime.time(hour, self.rng.choice((0, 20, 40))))
        )
        ended = min(started + datetime.timedelta(minutes=self.rng.randint(30, 80)), self.now)
        started = min(started, ended - datetime.timedelta(minutes=30))
        spec = self.spec
        self.steps.append(
            Step(
                f"document:{kind}",
                "officer",
                {
                    "date": timezone.localtime(started).date(),
                    "started_at": started,
                    "ended_at": ended,
                    "credential_shown": True,
                    "recorder": spec.assistant_pk,
                    **values,
                },
            )
        )

    def inspect(self) -> None:
        """现场检查笔录 on the day the clue is registered."""
        spec, party = self.spec, self.spec.party
        self._record(
            "inspection_record",
            self.day,
            self.rng.randint(9, 15),
            place=spec.place,
            inspectors=[spec.cast.officer.pk, spec.assistant_pk],
            present_person=party.get("legal_representative") or party["name"],
            findings=spec.facts,
        )

    def interview(self) -> None:
        """询问笔录 of the party (or its legal representative) at the body's office."""
        self.wd(1, 5)
        spec, party = self.spec, self.spec.party
        person = party.get("legal_representative") or party["name"]
        body = spec.cast.body
        qa = "\n".join(
            (
                f"问：我们是{body.name}的执法人员（出示执法证件），现依法向你询问，你应当如实回答，你有权申请回避，听清楚了吗？",
                "答：听清楚了，不申请回避。",
                f"问：请说明{spec.cause.cause}的有关情况。",
                f"答：{spec.facts}",
                "问：你还有什么补充的吗？",
                "答：没有了。以上记录我看过，和我说的一样。",
            )
        )
        self._record(
            "interview_record",
            self.day,
            self.rng.randint(9, 16),
            place=f"{body.name}询问室",
            questioner=spec.cast.officer.pk,
            interviewee_name=person,
            interviewee_id_number=party.get("id_number", ""),
            interviewee_phone=party.get("phone", ""),
            interviewee_address=party["address"],
            relation="当事人" if person == party["name"] else "法定代表人（经营者）",
            qa=qa,
        )

    # --- ordinary procedure -----------------------------------------------------------------

    def file(self) -> None:
        self.go(
            "file_case", "head", 1, 9, reason="经审查，有违法事实，属于本机关管辖，在追责时效内，同意立案。"
        )

    def decline(self) -> None:
        self.go("decline_filing", "head", 2, 12, reason=self.rng.choice(causes.DECLINE_REASONS))

    def investigate(self, variant: str, proposal: str = "penalty") -> None:
        if variant == "extend":
            self.go(
                "extend_deadline",
                "chief",
                45,
                55,
                reason="案情复杂，须补充鉴定意见，经机关负责人批准延长办案期限三十日。",
            )
        elif variant == "suspend":
            self.go("suspend", "chief", 5, 15, reason=self.rng.choice(causes.SUSPEND_REASONS))
            self.go("resume", "chief", 10, 35, reason="中止调查的原因已经消除，恢复案件调查。")
        if self.rng.random() < 0.6:
            self.interview()
        self.submit(proposal, 10 if variant == "plain" else 5, 30 if variant == "plain" else 20)

    def submit(self, proposal: str, low: int = 10, high: int = 30) -> None:
        spec = self.spec
        values = {
            "proposal": proposal,
            "legal_provisions": spec.cause.provisions,
            "penalty_basis": spec.cause.basis,
            "investigation_summary": f"经调查，{spec.facts}上述行为违反了{spec.cause.provisions}的规定。"
            + (
                f"建议依据{spec.cause.basis}，给予{labels(spec.penalties)}。" if proposal == "penalty" else ""
            ),
        }
        if proposal == "penalty":
            values.update(penalty_input(spec.penalties))
        elif proposal == "no_penalty":
            values["investigation_summary"] += "当事人系初次违法且危害后果轻微并及时改正，建议不予行政处罚。"
        else:
            values["investigation_summary"] += "当事人涉嫌犯罪，建议移送公安机关依法处理。"
        self.go("submit_for_review", "officer", low, high, **values)

    def review(self, returned: bool, proposal: str = "penalty") -> None:
        if returned:
            self.go(
                "return_for_investigation",
                "review",
                2,
                5,
                reason=self.rng.choice(causes.RETURN_REASONS),
            )
            self.submit(proposal, 5, 15)
        self.go(
            "approve_review",
            "review",
            2,
            6,
            reason="经审核，事实清楚，证据确凿，适用依据正确，程序合法，同意承办机构意见。",
        )

    def notice(self) -> None:
        self.go("serve_notice", "officer", 1, 5, service_method=self.rng.choice(data.SERVICE_METHODS))

    def statement(self, mode: str, stop_in_hearing: bool = False) -> None:
        """What happens during the statement period; leaves `day` on the earliest lawful decision day."""
        notified = self.day
        if mode == "waive":
            self.go("waive_statement", "officer", 0, 2, reason="当事人书面表示放弃陈述、申辩和听证权利。")
            self.wd(1, 3)
        elif mode in ("hearing", "withdrawn"):
            self.go("request_hearing", "officer", 1, 4, reason="当事人在法定期限内书面申请听证。")
            if stop_in_hearing and self.rng.random() < 0.4:
                return
            self.wd(1, 3)
            hearing_date = add_workdays(self.day, rules.HEARING_NOTICE_WORKDAYS + self.rng.randint(0, 4)).date
            self.go("schedule_hearing", "officer", host=self.spec.cast.host.pk, hearing_date=hearing_date)
            if stop_in_hearing:
                return
            if mode == "withdrawn":
                self.go("withdraw_hearing", "officer", 1, 4, reason="当事人书面撤回听证申请。")
            else:
                self.day = self.steps[-1].data["hearing_date"]
                self.go("record_hearing", "officer", reason=self.rng.choice(causes.HEARING_RECORDS))
            self.wd(2, 8)
        else:
            if mode == "statement":
                self.go(
                    "record_statement", "officer", 1, 4, statement_summary=self.rng.choice(causes.STATEMENTS)
                )
            self.day = add_workdays(notified, rules.HEARING_REQUEST_WORKDAYS + self.rng.randint(1, 5)).date

    def legal_review(self, proposal: str) -> None:
        """法制审核 before a decision: submitted now, accepted, opinion; done only if the case is major."""
        if proposal != "penalty":
            return
        submitted = self.day
        accepted = self.wd(0, 1)
        opinion = self.wd(1, 4)
        self.steps.append(
            Step(
                "review:legal",
                "officer",
                {
                    "date": submitted,
                    "accepted_on": accepted,
                    "opinion_on": opinion,
                    "evidence": self.spec.cause.evidence,
                    "proposal": labels(self.spec.penalties),
                },
            )
        )
        self.wd(1, 3)

    def decide(self, proposal: str, lighter: bool) -> None:
        spec = self.spec
        self.penalties = list(spec.penalties) if proposal == "penalty" else []
        if lighter:  # the defence was partly accepted: a lower fine, never a heavier one (CASE-08)
            self.penalties = [
                (k, (a * Decimal("0.8")).quantize(Decimal("100")) if k == "fine" and a >= 1000 else a)
                for k, a in self.penalties
            ]
        values = {
            "decision_kind": "penalty" if proposal == "penalty" else "no_penalty",
            "evidence": spec.cause.evidence,
            "reconsideration_organ": spec.cast.spec.reconsideration_organ,
            "court": data.COURT,
            "sealed": True,
            "penalty_basis": spec.cause.basis
            if proposal == "penalty"
            else "《中华人民共和国行政处罚法》第三十三条第一款",
            "performance": "自收到本决定书之日起十五日内，通过山西省非税收入电子缴款系统或到指定银行缴纳罚没款；"
            "没收的物品由本机关依法处置。"
            if fine_of(self.penalties)
            else "自本决定书送达之日起执行。",
        }
        values.update(penalty_input(self.penalties))
        self.go("decide", "chief", **values)

    def serve(self) -> None:
        self.go("serve_decision", "officer", 1, 5, service_method=self.rng.choice(data.SERVICE_METHODS))
        self.served_on = self.day

    def change(self) -> None:
        self.penalties = [
            (k, (a * Decimal("0.5")).quantize(Decimal("100")) if k == "fine" else a)
            for k, a in self.penalties
        ]
        year = self.day.year
        self.go(
            "change_decision",
            "chief",
            3,
            8,
            source="reconsideration",
            document=f"{self._organ_mark()}复决字〔{year}〕{self.rng.randint(3, 60)}号",
            reason="复议机关认为罚款数额明显不当，决定变更为原罚款数额的百分之五十。",
            **penalty_input(self.penalties),
        )

    def execute(self, late: bool) -> None:
        fine = fine_of(self.penalties)
        if fine:  # a warning or a confiscation is carried out when the decision is served
            self.wd(14, 22) if late else self.wd(2, 8)
        paid = fine + rules.surcharge(fine, self.served_on, self.day) if fine else None
        self.go("record_execution", "officer", **({"paid_amount": str(paid)} if paid is not None else {}))

    def close(self) -> None:
        done = "处罚决定已执行完毕" if self.penalties else "不予行政处罚决定书已送达"
        self.go("close", "head", 3, 12, reason=f"{done}，同意结案。")

    def archive(self) -> None:
        self.go("archive", "head", 5, 20, reason="案卷材料齐全，按规定立卷归档。")

    def revoke(self) -> None:
        year = self.day.year
        if self.rng.random() < 0.6:
            source, document = (
                "reconsideration",
                f"{self._organ_mark()}复决字〔{year}〕{self.rng.randint(3, 60)}号",
            )
            reason = "复议机关认为原处罚决定认定事实的主要证据不足，决定撤销。"
        else:
            source, document = "litigation", f"（{year}）晋0882行初{self.rng.randint(5, 90)}号"
            reason = "人民法院判决撤销被诉行政处罚决定。"
        self.go("revoke_decision", "chief", 20, 45, source=source, document=document, reason=reason)

    def _organ_mark(self) -> str:
        return "河政" if self.spec.cast.spec.reconsideration_organ == data.CITY_GOVERNMENT else "运政"

    # --- simplified procedure ---------------------------------------------------------------

    def on_the_spot(self) -> None:
        spec = self.spec
        self.penalties = list(spec.penalties)
        self.go(
            "decide_on_the_spot",
            "officer",
            form_number="",
            evidence=spec.cause.evidence,
            penalty_basis=spec.cause.basis,
            credential_shown=True,
            paid_on_the_spot=spec.paid_on_the_spot,
            **penalty_input(spec.penalties),
            reason="执法人员当场出示执法证件，告知当事人违法事实、处罚理由和依据，听取了当事人的陈述申辩。",
        )
        self.served_on = self.day
