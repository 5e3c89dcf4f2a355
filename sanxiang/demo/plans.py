"""Which demo cases to create: a scenario per case, its parties and penalties, and dated steps.

Every state of cases.choices.CaseState is the end of at least one scenario. The first cases play
each scenario once (so even a small city covers every state); the rest are drawn by weight.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from sanxiang.cases import rules
from sanxiang.cases.choices import AMOUNT_PENALTIES, HEARING_KINDS, CaseState
from sanxiang.cases.models import ProcedureRules
from sanxiang.workdays.selectors import add_workdays

from . import causes, data
from .city import BodyCast
from .identity import Identities
from .paths import CaseSpec, Path, Step

S = CaseState
OLDEST_DAYS = 425  # no case starts earlier than ~14 months ago
BODY_WEIGHTS = {"scj": 20, "zhzf": 16, "jtj": 14, "hbj": 10, "yjj": 9, "zrj": 8, "wlj": 7, "wjw": 9, "nyj": 7}
SOURCES = (("inspection", 40), ("complaint", 30), ("random_check", 15), ("transfer", 8), ("assigned", 7))


def _threshold(natural: bool) -> Decimal:
    name = "hearing_fine_threshold_person" if natural else "hearing_fine_threshold_org"
    return ProcedureRules._meta.get_field(name).default


def _hearing_right(penalties, natural: bool) -> bool:
    """Mirror of cases.rules.hearing_right for planning, before the case exists."""
    return any(
        k in HEARING_KINDS or (k in AMOUNT_PENALTIES and a >= _threshold(natural)) for k, a in penalties
    )


def _can_have_hearing(cause: causes.Cause, party: str) -> bool:
    return any(
        k in AMOUNT_PENALTIES and high >= _threshold(party == "person") for k, _low, high in cause.penalties
    )


def _amount(rng: random.Random, low: int, high: int, floor: int = 0) -> Decimal:
    step = 1000 if high >= 20000 else 100 if high >= 1000 else 10
    low = max(low, floor)
    return Decimal(rng.randint(-(-low // step), high // step) * step)


# --- scenarios: name -> (target state, weight, (min, max) age in days of the last step, script) ----


def _ordinary(p: Path, upto: str, *, penalty_only: bool = False, statement_at_notice: bool = True) -> None:
    rng, spec = p.rng, p.spec
    proposal = "penalty" if penalty_only or rng.random() > 0.1 else "no_penalty"
    variant = rng.choices(("plain", "extend", "suspend"), (80, 10, 10))[0]
    returned = rng.random() < 0.12
    modes, weights = ["lapse", "waive", "statement"], [40, 25, 20]
    if spec.hearing_right and proposal == "penalty":
        modes, weights = modes + ["hearing", "withdrawn"], weights + [14, 4]
    mode = rng.choices(modes, weights)[0]
    stages = ("file", "submit", "approve", "notice", "decide", "serve", "execute", "close", "archive")
    reach = stages.index(upto)
    p.file()
    if reach >= 1:
        p.investigate(variant, proposal)
    if reach >= 2:
        p.review(returned, proposal)
    if reach >= 3:
        p.notice()
    if reach == 3 and statement_at_notice and rng.random() < 0.4:
        p.go("record_statement", "officer", 1, 3, statement_summary=rng.choice(causes.STATEMENTS))
    if reach >= 4:
        p.statement(mode)
        p.legal_review(proposal)
        p.decide(proposal, lighter=mode in ("statement", "hearing") and rng.random() < 0.5)
    if reach >= 5:
        p.serve()
    if reach >= 6 and proposal == "penalty":
        if upto == "archive" and rng.random() < 0.06:
            p.change()
        p.execute(late=rng.random() < 0.1)
    if reach >= 7:
        p.close()
    if reach >= 8:
        p.archive()


def _hearing(p: Path) -> None:
    _ordinary(p, "notice", penalty_only=True, statement_at_notice=False)
    p.statement("hearing", stop_in_hearing=True)


def _suspended(p: Path) -> None:
    p.file()
    if p.rng.random() < 0.3:
        p.submit("penalty")
    p.go("suspend", "chief", 5, 20, reason=p.rng.choice(causes.SUSPEND_REASONS))


def _terminated(p: Path) -> None:
    route = p.rng.choice(("clue", "investigation", "investigation", "suspended"))
    if route != "clue":
        p.file()
    if route == "suspended":
        p.go("suspend", "chief", 5, 20, reason=causes.SUSPEND_REASONS[0])
    reasons = [r for r in causes.TERMINATE_REASONS if "死亡" not in r or p.spec.party["kind"] == "natural"]
    p.go("terminate", "chief", 5, 30, reason=p.rng.choice(reasons))


def _transferred(p: Path, then_close: bool = False) -> None:
    p.file()
    if p.rng.random() < 0.5:
        p.submit("transfer")
        p.review(False, "transfer")
    p.go("transfer", "chief", 3, 20, reason=causes.TRANSFER_REASONS, transferred_to=data.POLICE)
    if then_close:
        p.go("close", "head", 5, 15, reason="案件已移送公安机关并被立案，同意结案。")
        p.archive()


def _revoked(p: Path) -> None:
    _ordinary(p, "serve", penalty_only=True)
    if p.rng.random() < 0.5:
        p.execute(late=False)
    p.revoke()


def _spot(p: Path, upto: str) -> None:
    p.on_the_spot()
    if upto == "served":
        return
    if not p.spec.paid_on_the_spot:
        p.execute(late=False)
    if upto == "archived":
        p.close()
        p.archive()


Script = Callable[[Path], None]
SCENARIOS: dict[str, tuple[str, int, tuple[int, int], Script]] = {
    # The first sixteen end in the sixteen states, in CaseState order.
    "clue": (S.CLUE, 8, (0, 12), lambda p: None),
    "not_filed": (S.NOT_FILED, 10, (3, 390), lambda p: p.decline()),
    "investigation": (S.INVESTIGATION, 16, (3, 60), lambda p: p.file()),
    "internal_review": (S.INTERNAL_REVIEW, 6, (0, 10), lambda p: _ordinary(p, "submit")),
    "notice_pending": (S.NOTICE_PENDING, 4, (0, 8), lambda p: _ordinary(p, "approve")),
    "notice": (S.NOTICE, 6, (0, 6), lambda p: _ordinary(p, "notice")),
    "hearing": (S.HEARING, 5, (0, 8), _hearing),
    "decided": (S.DECIDED, 5, (0, 8), lambda p: _ordinary(p, "decide")),
    "served": (S.SERVED, 12, (0, 40), lambda p: _ordinary(p, "serve", penalty_only=True)),
    "executed": (S.EXECUTED, 12, (0, 25), lambda p: _ordinary(p, "execute", penalty_only=True)),
    "closed": (S.CLOSED, 14, (0, 30), lambda p: _ordinary(p, "close")),
    "archived": (S.ARCHIVED, 40, (0, 330), lambda p: _ordinary(p, "archive")),
    "suspended": (S.SUSPENDED, 5, (5, 120), _suspended),
    "terminated": (S.TERMINATED, 6, (3, 380), _terminated),
    "transferred": (S.TRANSFERRED, 3, (0, 40), _transferred),
    "revoked": (S.REVOKED, 3, (5, 200), _revoked),
    # Overdue deadlines and the simplified procedure.
    "clue_overdue": (S.CLUE, 4, (30, 80), lambda p: None),
    "investigation_overdue": (S.INVESTIGATION, 5, (95, 200), lambda p: p.file()),
    "spot_archived": (S.ARCHIVED, 16, (15, 390), lambda p: _spot(p, "archived")),
    "spot_executed": (S.EXECUTED, 4, (0, 20), lambda p: _spot(p, "executed")),
    "spot_served": (S.SERVED, 3, (0, 10), lambda p: _spot(p, "served")),
    "transfer_archived": (S.ARCHIVED, 3, (10, 300), lambda p: _transferred(p, then_close=True)),
}


@dataclass
class CasePlan:
    index: int
    spec: CaseSpec
    target: str
    register: dict
    steps: list[Step]


class Planner:
    """Draws every demo case from one seed; dates are relative to `today`."""

    def __init__(self, seed: int, casts: list[BodyCast], today: datetime.date):
        self.seed, self.casts, self.today = seed, casts, today
        self.rng = random.Random(seed)
        self.ids = Identities(random.Random(seed + 1))
        self.form_serials: dict[tuple[str, int], int] = {}

    def plans(self, count: int) -> list[CasePlan]:
        names = list(SCENARIOS)
        chosen = names[:count] + self.rng.choices(
            names, [SCENARIOS[n][1] for n in names], k=max(count - len(names), 0)
        )
        return [self._plan(i, name) for i, name in enumerate(chosen)]

    def _spec(self, scenario: str) -> CaseSpec:
        rng = self.rng
        spot, needs_hearing = scenario.startswith("spot"), scenario == "hearing"
        options = [
            (cast, cause, party)
            for cast in self.casts
            for cause in causes.CAUSES[cast.spec.key]
            for party in cause.parties
            if (cause.spot or not spot) and (_can_have_hearing(cause, party) or not needs_hearing)
        ]
        weights = [
            BODY_WEIGHTS[cast.spec.key] / len(causes.CAUSES[cast.spec.key]) / len(cause.parties)
            for cast, cause, _p in options
        ]
        cast, cause, party_kind = rng.choices(options, weights)[0]
        natural = party_kind == "person"
        place = rng.choice(data.PLACES)
        party = self.ids.party(party_kind, cause.business, place)
        floor = int(_threshold(natural)) if needs_hearing else 0
        if spot:
            penalties = self._spot_penalties(cause, natural)
        else:
            penalties = [
                (k, _amount(rng, lo, hi, floor if k == "fine" else 0) if hi else Decimal("0"))
                for k, lo, hi in cause.penalties
            ]
        # Shops and companies offend on their premises; people wherever they were found.
        scene = party["address"] if party_kind != "person" and rng.random() < 0.7 else self.ids.address(place)
        gains = [a for k, a in penalties if k == "confiscate_gains"]
        value = gains[0] if gains else _amount(rng, *cause.value)
        facts = cause.facts.format(party=party["name"], addr=scene, n=rng.randint(2, 12), value=value)
        paid = spot and scenario != "spot_served" and any(k == "fine" and a <= 100 for k, a in penalties)
        return CaseSpec(
            scenario=scenario,
            cast=cast,
            cause=cause,
            party=party,
            place=scene,
            facts=facts,
            source="inspection" if spot else rng.choices([s for s, _ in SOURCES], [w for _, w in SOURCES])[0],
            assistant_pk=rng.choice(cast.assistants).pk,
            penalties=penalties,
            hearing_right=_hearing_right(penalties, natural),
            simplified=spot,
            paid_on_the_spot=paid,
        )

    def _spot_penalties(self, cause: causes.Cause, natural: bool) -> list[tuple[str, Decimal]]:
        limit = int(rules.ON_SPOT_LIMIT_PERSON if natural else rules.ON_SPOT_LIMIT_ORG)
        fines = [(lo, hi) for k, lo, hi in cause.penalties if k == "fine" and lo <= limit]
        if fines and (self.rng.random() < 0.7 or all(k != "warning" for k, _l, _h in cause.penalties)):
            low, high = fines[0]
            return [("fine", _amount(self.rng, low, min(high, limit)))]
        return [("warning", Decimal("0"))]

    def _plan(self, index: int, scenario: str) -> CasePlan:
        target, _weight, (young, old), script = SCENARIOS[scenario]
        spec = self._spec(scenario)
        goal = self.today - datetime.timedelta(days=self.rng.randint(young, old))
        oldest = self.today - datetime.timedelta(days=OLDEST_DAYS)
        start = goal - datetime.timedelta(days=60)
        for _attempt in range(12):
            start = max(start, oldest)
            path = self._walk(index, spec, script, start)
            if path.day > self.today and start > oldest:
                start -= path.day - self.today
            elif abs((path.day - goal).days) > 3 and start > oldest and path.day <= self.today:
                start += goal - path.day
            else:
                break
        if path.day > self.today:
            raise RuntimeError(f"demo case {index} ({scenario}) does not fit before today")
        self._number_spot_forms(spec, path.steps)
        return CasePlan(index, spec, target, self._register(spec, path), path.steps)

    def _walk(self, index: int, spec: CaseSpec, script: Script, start: datetime.date) -> Path:
        # The same draws on every attempt: only the start date moves.
        rng = random.Random(f"{self.seed}:{index}")
        registered = add_workdays(start - datetime.timedelta(days=1), 1).date
        path = Path(spec, rng, registered)
        if not spec.simplified and spec.scenario != "not_filed":
            path.inspect()
        script(path)
        return path

    def _register(self, spec: CaseSpec, path: Path) -> dict:
        registered = path.registered
        discovered = (
            registered if spec.simplified else registered - datetime.timedelta(days=path.rng.randint(0, 3))
        )
        ended = (
            discovered if spec.simplified else discovered - datetime.timedelta(days=path.rng.randint(0, 40))
        )
        return {
            "simplified": spec.simplified,
            "cause": spec.cause.cause,
            "source": spec.source,
            "facts": spec.facts,
            "place": spec.place,
            "legal_provisions": spec.cause.provisions,
            "discovered_on": discovered,
            "violation_ended_on": ended,
            "registered_on": registered,
            "endangers_life_health_or_finance": spec.cause.harm,
            "harm_caused": spec.cause.harm and path.rng.random() < 0.5,
            "department": spec.cast.handling.pk,
            "officers": [spec.cast.officer.pk, spec.assistant_pk],
        }

    def _number_spot_forms(self, spec: CaseSpec, steps: list[Step]) -> None:
        for step in steps:
            if step.name == "decide_on_the_spot":
                key = (spec.cast.spec.short_name, step.day.year)
                self.form_serials[key] = self.form_serials.get(key, 0) + 1
                step.data["form_number"] = f"{key[0]}当罚〔{key[1]}〕{self.form_serials[key]:04d}号"
