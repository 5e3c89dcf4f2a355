"""Bulk test data for bench/cases_bench.py: bodies, staff with role grants, and N cases.

Cases are written straight to the tables with bulk_create, not through cases.services:
register_case() plus the transitions to reach each state cost tens of queries and a ledger entry
per step, so 100k cases that way would take hours. The rows look like what the services write
(numbers, officers, parties, deadlines with due dates derived by deadlines.compute_due), but
there are no CaseEvent or ledger rows; nothing measured here reads them.
"""

from __future__ import annotations

import datetime
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db import transaction

from sanxiang.cases.choices import CaseState, DeadlineKind, DecisionKind, OfficerRole, PartyKind, Procedure
from sanxiang.cases.deadlines import DEADLINE_RULES, compute_due, due_soon_limit
from sanxiang.cases.models import Case, CaseOfficer, Deadline, Party
from sanxiang.cases.rules import HEARING_REQUEST_WORKDAYS, PAYMENT_PERIOD_DAYS, SERVICE_WORKDAYS
from sanxiang.orgs.choices import BodyKind, DepartmentKind, Role, StaffType
from sanxiang.orgs.models import Credential, Department, EnforcementBody, NumberSequence, Officer, User
from sanxiang.orgs.services import grant_role
from sanxiang.testing import factories

DAY = datetime.timedelta(days=1)
BATCH = 5000

# name, 文号简称, share of the cases
BODIES = [
    ("河津市市场监督管理局", "河市监", 0.40),
    ("河津市生态环境局", "河环", 0.25),
    ("河津市交通运输局", "河交", 0.20),
    ("河津市应急管理局", "河应急", 0.15),
]
HANDLING_DEPARTMENTS = ["执法一科", "执法二科"]
# Each case has a lead and an assisting officer; about 300 assignments (150 cases led) per officer
# keeps an officer's own list the size it has in a real office, whatever N is.
ASSIGNMENTS_PER_OFFICER = 300


def officers_per_department(open_cases: int) -> int:
    departments = len(BODIES) * len(HANDLING_DEPARTMENTS)
    return max(4, round(open_cases * 2 / ASSIGNMENTS_PER_OFFICER / departments))


# A plausible snapshot of a body's open caseload, and of the finished cases kept alongside.
OPEN_MIX = [
    (CaseState.CLUE, 0.20),
    (CaseState.INVESTIGATION, 0.34),
    (CaseState.INTERNAL_REVIEW, 0.08),
    (CaseState.NOTICE_PENDING, 0.04),
    (CaseState.NOTICE, 0.10),
    (CaseState.HEARING, 0.03),
    (CaseState.DECIDED, 0.06),
    (CaseState.SERVED, 0.11),
    (CaseState.SUSPENDED, 0.04),
]
CLOSED_MIX = [(CaseState.CLOSED, 0.50), (CaseState.ARCHIVED, 0.35), (CaseState.NOT_FILED, 0.15)]

# Where a running deadline's due date falls: the issue asks for ~5-10 % overdue, ~3 % due soon.
OVERDUE_SHARE = 0.08
DUE_SOON_SHARE = 0.04

CAUSES = [
    "销售过期食品",
    "未取得营业执照从事经营活动",
    "超标排放污染物",
    "道路运输车辆超限运输",
    "未按规定开展安全生产培训",
]
FACTS = (
    "经查，当事人于{day}在其经营场所从事上述行为，执法人员现场检查并制作了现场笔录，"
    "提取了相关票据、照片等证据，当事人对上述事实无异议。"
)


@dataclass
class Staff:
    bodies: list[EnforcementBody]
    weights: list[float]
    departments: dict[int, list[Department]]  # body id -> handling departments
    officers: dict[int, list[Officer]]  # department id -> officers
    officer_users: dict[int, User] = field(default_factory=dict)  # officer id -> user
    department_heads: dict[int, User] = field(default_factory=dict)  # department id -> user
    agency_heads: dict[int, User] = field(default_factory=dict)  # body id -> user
    supervisor: User | None = None


def _user(username: str, role: str, body: EnforcementBody | None) -> User:
    # An unusable password: PBKDF2 at full strength costs ~0.5 s a user, and the API uses tokens.
    user = User(username=username, display_name=username, must_change_password=False)
    user.set_unusable_password()
    user.save()
    grant_role(user, role, body)
    return user


def _officer(body: EnforcementBody, department: Department, name: str, n: int, user: User | None) -> Officer:
    officer = Officer.objects.create(
        body=body,
        department=department,
        user=user,
        name=name,
        id_number=factories.id_number(n, birth=f"19{70 + n // 1000 % 30:02d}0312"),
        post="科员",
        staff_type=StaffType.CIVIL_SERVANT,
    )
    today = datetime.date.today()
    Credential.objects.create(
        officer=officer,
        number=f"14088220{n:06d}",
        issuer="山西省人民政府",
        fields="行政执法",
        valid_from=today - 800 * DAY,
        valid_until=today + 800 * DAY,
    )
    return officer


def make_staff(per_department: int) -> Staff:
    """Four bodies, two handling units each with `per_department` officers, their heads, a supervisor."""
    with transaction.atomic():
        return _make_staff(per_department)


def _make_staff(per_department: int) -> Staff:
    staff = Staff(bodies=[], weights=[], departments={}, officers={})
    n = 0
    for b, (name, short, weight) in enumerate(BODIES):
        body = EnforcementBody.objects.create(
            name=name,
            short_name=short,
            kind=BodyKind.ADMINISTRATIVE_ORGAN,
            credit_code=factories.credit_code(900 + b),
            region_code="140882",
            region_name="河津市",
        )
        Department.objects.create(body=body, name="法规科", kind=DepartmentKind.LEGAL_REVIEW)
        staff.bodies.append(body)
        staff.weights.append(weight)
        staff.departments[body.pk] = []
        for d, dept_name in enumerate(HANDLING_DEPARTMENTS):
            department = Department.objects.create(body=body, name=dept_name, kind=DepartmentKind.HANDLING)
            staff.departments[body.pk].append(department)
            staff.officers[department.pk] = []
            for k in range(per_department):
                n += 1
                user = _user(f"b{b}.d{d}.o{k}", Role.OFFICER, body)
                officer = _officer(body, department, f"{short}执法员{d}{k}", n, user)
                staff.officers[department.pk].append(officer)
                staff.officer_users[officer.pk] = user
            n += 1
            head = _user(f"b{b}.d{d}.head", Role.DEPARTMENT_HEAD, body)
            _officer(body, department, f"{short}科长{d}", n, head)  # the department scope comes from here
            staff.department_heads[department.pk] = head
        staff.agency_heads[body.pk] = _user(f"b{b}.chief", Role.AGENCY_HEAD, body)
    staff.supervisor = _user("city.supervisor", Role.SUPERVISOR, None)
    return staff


class _Numbers:
    """Per body, kind and year serials, like orgs.services.next_number, saved at the end."""

    def __init__(self):
        self.last: Counter = Counter()

    def next(self, body: EnforcementBody, kind: str, mark: str, day: datetime.date) -> str:
        self.last[(body.pk, kind, day.year)] += 1
        return f"{body.short_name}{mark}〔{day.year}〕{self.last[(body.pk, kind, day.year)]}号"

    def save(self) -> None:
        NumberSequence.objects.bulk_create(
            [NumberSequence(body_id=b, kind=k, year=y, last_value=v) for (b, k, y), v in self.last.items()]
        )


class _Dates:
    """Start dates that put a running deadline's due date in the overdue / due-soon / later band."""

    def __init__(self, rng: random.Random, today: datetime.date):
        self.rng, self.today, self.limit = rng, today, due_soon_limit(today)

    def start_for(self, kind: str, count: int) -> datetime.date:
        _rule, unit = DEADLINE_RULES[kind]
        span = count if unit == "days" else count * 7 // 5 + 1  # calendar days the period roughly covers
        roll = self.rng.random()
        if roll < OVERDUE_SHARE:
            due = self.today - self.rng.randint(1, 45) * DAY
        elif roll < OVERDUE_SHARE + DUE_SOON_SHARE:
            due = self.today + self.rng.randint(0, (self.limit - self.today).days) * DAY
        else:
            due = self.today + self.rng.randint((self.limit - self.today).days + 2, max(span, 6)) * DAY
        return min(due - span * DAY, self.today)


def _deadline(case: Case, kind: str, start: datetime.date, count: int, **extra) -> Deadline:
    rule, unit = DEADLINE_RULES[kind]
    deadline = Deadline(case=case, kind=kind, rule=rule, unit=unit, start_date=start, count=count, **extra)
    compute_due(deadline)
    return deadline


def _shape(case: Case, state: str, dates: _Dates, numbers: _Numbers, rng: random.Random) -> list[Deadline]:
    """Set the case's dates and numbers for `state`; return its deadline rows (running or met)."""
    today = dates.today
    body = case.body
    rows: list[Deadline] = []
    case.state = state
    if state == CaseState.CLUE:
        case.registered_on = dates.start_for(DeadlineKind.FILING, 15)
        rows.append(_deadline(case, DeadlineKind.FILING, case.registered_on, 15))
    elif state in CLOSED_STATES:
        case.registered_on = today - rng.randint(120, 700) * DAY
        if state == CaseState.NOT_FILED:
            rows.append(
                _deadline(
                    case, DeadlineKind.FILING, case.registered_on, 15, met_on=case.registered_on + 9 * DAY
                )
            )
        else:
            case.filed_on = case.registered_on + rng.randint(1, 14) * DAY
            case.decided_on = case.filed_on + rng.randint(20, 85) * DAY
            case.closed_on = case.decided_on + rng.randint(16, 60) * DAY
            if state == CaseState.ARCHIVED:
                case.archived_on = case.closed_on + rng.randint(1, 30) * DAY
            rows.append(_deadline(case, DeadlineKind.FILING, case.registered_on, 15, met_on=case.filed_on))
            rows.append(_deadline(case, DeadlineKind.DECISION, case.filed_on, 90, met_on=case.decided_on))
    else:
        if state in (CaseState.DECIDED, CaseState.SERVED):
            if state == CaseState.SERVED:
                case.served_on = dates.start_for(DeadlineKind.PAYMENT, PAYMENT_PERIOD_DAYS)
                case.decided_on = case.served_on - rng.randint(1, 6) * DAY
            else:
                case.decided_on = dates.start_for(DeadlineKind.SERVICE, SERVICE_WORKDAYS)
            case.filed_on = case.decided_on - rng.randint(20, 85) * DAY
        elif state == CaseState.NOTICE:
            case.notice_served_on = dates.start_for(DeadlineKind.STATEMENT, 5)
            case.filed_on = case.notice_served_on - rng.randint(20, 80) * DAY
        else:
            case.filed_on = dates.start_for(DeadlineKind.DECISION, 90)
        case.registered_on = case.filed_on - rng.randint(1, 14) * DAY
        case.number = numbers.next(body, "case", "立", case.filed_on)
        rows.append(_deadline(case, DeadlineKind.FILING, case.registered_on, 15, met_on=case.filed_on))
        decision = _deadline(case, DeadlineKind.DECISION, case.filed_on, 90)
        rows.append(decision)
        if state == CaseState.SUSPENDED:
            case.state_before_suspension = CaseState.INVESTIGATION
            decision.paused_on = min(case.filed_on + rng.randint(5, 60) * DAY, today)
        elif state == CaseState.NOTICE:
            case.hearing_right = rng.random() < 0.3
            rows.append(_deadline(case, DeadlineKind.STATEMENT, case.notice_served_on, 5))
            if case.hearing_right:
                rows.append(
                    _deadline(
                        case, DeadlineKind.HEARING_REQUEST, case.notice_served_on, HEARING_REQUEST_WORKDAYS
                    )
                )
        elif case.decided_on:
            decision.met_on = case.decided_on
            rows.append(
                _deadline(
                    case,
                    DeadlineKind.SERVICE,
                    case.decided_on,
                    SERVICE_WORKDAYS,
                    met_on=case.served_on,
                )
            )
            if state == CaseState.SERVED:
                rows.append(_deadline(case, DeadlineKind.PAYMENT, case.served_on, PAYMENT_PERIOD_DAYS))
    if case.decided_on:
        case.decision_kind = DecisionKind.PENALTY
        case.decision_number = numbers.next(body, "decision_penalty", "罚", case.decided_on)
        case.fine_amount = rng.choice([2000, 5000, 10000, 30000])
        case.heaviest_penalty = "fine"
    case.discovered_on = case.registered_on - rng.randint(0, 5) * DAY
    case.violation_ended_on = case.discovered_on - rng.randint(0, 10) * DAY
    case.clue_number = numbers.next(body, "clue", "线", case.registered_on)
    return rows


CLOSED_STATES = frozenset(state for state, _ in CLOSED_MIX)


def _party(case: Case, i: int, rng: random.Random) -> Party:
    if rng.random() < 0.6:
        return Party(
            case=case,
            kind=PartyKind.NATURAL_PERSON,
            name=f"当事人{i}",
            id_number=factories.id_number(i, birth=f"19{60 + i % 40:02d}0{1 + i % 9}1{i % 10}"),
            address="河津市城区街道龙门大道1号",
            phone="13812345678",
        )
    return Party(
        case=case,
        kind=PartyKind.LEGAL_PERSON,
        name=f"河津市某某商贸有限公司{i}",
        credit_code=factories.credit_code(10_000 + i),
        legal_representative="李某某",
        address="河津市清涧街道新耿大街8号",
    )


def make_cases(staff: Staff, open_count: int, closed_count: int, today: datetime.date, seed: int = 1) -> dict:
    """Write the cases with their parties, officers and deadlines in one transaction."""
    rng = random.Random(seed)
    dates, numbers = _Dates(rng, today), _Numbers()
    states = rng.choices([s for s, _ in OPEN_MIX], [w for _, w in OPEN_MIX], k=open_count)
    states += rng.choices([s for s, _ in CLOSED_MIX], [w for _, w in CLOSED_MIX], k=closed_count)
    rng.shuffle(states)
    turn: dict[int, int] = defaultdict(int)  # department id -> next lead officer, for fair shares
    tally: Counter = Counter()
    with transaction.atomic():
        for first in range(0, len(states), BATCH):
            cases, deadline_rows, parties, assignments = [], [], [], []
            for i in range(first, min(first + BATCH, len(states))):
                body = rng.choices(staff.bodies, staff.weights)[0]
                department = staff.departments[body.pk][i % len(HANDLING_DEPARTMENTS)]
                case = Case(
                    body=body,
                    department=department,
                    procedure=Procedure.ORDINARY,
                    cause=rng.choice(CAUSES),
                    source="inspection",
                    place="河津市城区街道",
                    legal_provisions="《中华人民共和国食品安全法》第三十四条",
                )
                deadline_rows += _shape(case, states[i], dates, numbers, rng)
                case.facts = FACTS.format(day=case.discovered_on)
                cases.append(case)
                parties.append(_party(case, i, rng))
                if rng.random() < 0.15:
                    parties.append(_party(case, i + 1_000_000, rng))
                crew = staff.officers[department.pk]
                lead = turn[department.pk]
                turn[department.pk] = (lead + 1) % len(crew)
                assignments.append(CaseOfficer(case=case, officer=crew[lead], role=OfficerRole.LEAD))
                helper = crew[(lead + 1 + rng.randrange(len(crew) - 1)) % len(crew)]
                assignments.append(CaseOfficer(case=case, officer=helper, role=OfficerRole.ASSIST))
                tally[states[i]] += 1
            Case.objects.bulk_create(cases, batch_size=BATCH)
            for row in deadline_rows + parties + assignments:
                row.case_id = row.case.pk  # bulk_create set the pk after the rows were built
            Deadline.objects.bulk_create(deadline_rows, batch_size=BATCH)
            Party.objects.bulk_create(parties, batch_size=BATCH)
            CaseOfficer.objects.bulk_create(assignments, batch_size=BATCH)
            print(f"  generated {first + len(cases):>9,} cases", end="\r", flush=True)
        numbers.save()
    print()
    return dict(tally)
