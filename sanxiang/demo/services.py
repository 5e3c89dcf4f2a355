"""Build the demo city: organisations first, then every case through cases.services.

Each case is registered and walked step by step with `run_transition`, by the user whose role the
procedure table names, so every rule is checked and every step is in the history and the ledger.
One transaction per case: a refused step leaves no half case behind.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import random
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone

from sanxiang.cases.models import Case, Deadline
from sanxiang.cases.services import register_case, run_transition
from sanxiang.core.errors import DomainError
from sanxiang.documents.services import issue_document
from sanxiang.ledger.services import sign_tree_head
from sanxiang.orgs.choices import Role
from sanxiang.orgs.models import Credential, EnforcementBody, Officer, User

from . import data
from .city import CITY_ACCOUNTS, SEAT_ROLES, CityBuilder, load_casts
from .identity import Identities
from .legal_review import review_if_major
from .models import DemoBuild
from .plans import CasePlan, Planner
from .review_states import seed_review_states

SEED = 20210003  # after 河法治办字【2021】3号, the city's "回头看" notice
DEFAULT_CASES = 300


class DemoError(Exception):
    """The demo could not be built; the message says which case and step, in Chinese."""


@dataclass
class BuildReport:
    created: bool
    message: str
    cases: int = 0
    seconds: float = 0.0
    states: Counter = field(default_factory=Counter)


def demo_exists() -> bool:
    return DemoBuild.objects.filter(finished_at__isnull=False).exists()


def build_demo(cases: int = DEFAULT_CASES, progress: Callable[[int, int], None] | None = None) -> BuildReport:
    """Create the demo city once; a second call creates nothing. Resumes an interrupted build."""
    started = time.monotonic()
    if demo_exists():
        return BuildReport(False, "演示数据已存在，未重复创建")
    marker = DemoBuild.objects.first()
    today = timezone.localdate()
    if marker is None:
        if EnforcementBody.objects.exists() or User.objects.filter(username__in=demo_usernames()).exists():
            raise DemoError("数据库中已有执法主体或同名用户，演示数据只能在新建（已迁移）的空数据库中创建")
        if cases < 1:
            raise DemoError("案件数必须为正数")
        with transaction.atomic():
            CityBuilder(Identities(random.Random(SEED)), random.Random(SEED + 2), today).build()
            marker = DemoBuild.objects.create(seed=SEED, planned_cases=cases, built_on=today)
    plans = Planner(marker.seed, load_casts(), today).plans(marker.planned_cases)
    done = Case.objects.count()
    with _relaxed_commit_sync():
        for plan in plans[done:]:
            _run(plan)
            if progress:
                progress(plan.index + 1, len(plans))
    seed_review_states(today)
    seed_domains()
    marker.finished_at = timezone.now()
    marker.save(update_fields=["finished_at"])
    sign_tree_head()  # a checkpoint over the demo history, as the scheduled signing job would make
    states = Counter(Case.objects.values_list("state", flat=True))
    return BuildReport(True, "演示数据已创建", len(plans), time.monotonic() - started, states)


# Apps that add their own demo data (disclosure, publication ...) through `<app>.demo.seed_demo()`,
# in this order (later ones read what earlier ones made); each is idempotent.
DOMAIN_DEMOS = ("disclosure", "publication", "annualreport", "evaluation", "supervision", "archive")


def seed_domains() -> None:
    for app in DOMAIN_DEMOS:
        name = f"sanxiang.{app}.demo"
        if importlib.util.find_spec(name) is not None:
            importlib.import_module(name).seed_demo()


@contextlib.contextmanager
def _relaxed_commit_sync():
    """Hundreds of small commits: on SQLite, do not fsync each one (saves about a fifth of the time).

    WAL with synchronous=NORMAL stays consistent; a power cut could only lose the last demo cases, and
    the build resumes. The pragma is per connection and restored afterwards, so DUR-01 is untouched.
    (PostgreSQL's synchronous_commit=off made no measurable difference, so it is left alone.)
    """
    if connection.in_atomic_block or connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA synchronous")
        previous = int(cursor.fetchone()[0])
        cursor.execute("PRAGMA synchronous=NORMAL")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA synchronous={previous}")


def _run(plan: CasePlan) -> Case:
    cast = plan.spec.cast
    step_name, day = "register", plan.register["registered_on"]
    try:
        with transaction.atomic():
            case = register_case(cast.users["officer"], cast.body, plan.register, [plan.spec.party])
            for step in plan.steps:
                step_name, day = step.name, step.day
                if step.name.startswith("document:"):
                    issue_document(cast.users[step.who], case, step.name.removeprefix("document:"), step.data)
                elif step.name == "review:legal":
                    review_if_major(cast.users, case, step)
                else:
                    case = run_transition(cast.users[step.who], case.pk, step.name, step.data)
            if case.state != plan.target:
                raise DemoError(f"第 {plan.index + 1} 件演示案件应处于“{plan.target}”，实际为“{case.state}”")
    except DomainError as exc:
        detail = "；".join(f"{k}: {'，'.join(v)}" for k, v in exc.fields.items() if k != "__all__")
        raise DemoError(
            f"第 {plan.index + 1} 件演示案件（{plan.spec.scenario}，{cast.spec.short_name}，{plan.spec.cause.cause}）"
            f"在“{step_name}”（{day}）被拒绝：{exc.message}{'（' + detail + '）' if detail else ''}"
        ) from exc
    return case


def demo_usernames() -> list[str]:
    usernames = [
        f"{spec.key}.{seat}" for spec in data.BODIES if not spec.is_justice_bureau for seat in SEAT_ROLES
    ]
    return usernames + [username for username, _role in CITY_ACCOUNTS]


def demo_accounts() -> list[dict]:
    """The demo accounts with the shared demo password and their roles, in a stable order."""
    usernames = demo_usernames()
    users = {
        u.username: u for u in User.objects.filter(username__in=usernames).prefetch_related("grants__body")
    }
    accounts = []
    for username in usernames:
        user = users.get(username)
        if user is None:
            continue
        grants = sorted(user.grants.all(), key=lambda g: g.role)
        bodies = {g.body.name for g in grants if g.body_id}
        accounts.append(
            {
                "username": username,
                "password": data.DEMO_PASSWORD,
                "display_name": user.display_name,
                "body": bodies.pop() if len(bodies) == 1 else None,
                "roles": [g.role for g in grants],
                "role_labels": [Role(g.role).label for g in grants],
            }
        )
    return accounts


def demo_summary() -> dict:
    """Counts for the closing message of `sanxiang demo`."""
    today = timezone.localdate()
    return {
        "bodies": EnforcementBody.objects.count(),
        "officers": Officer.objects.count(),
        "credentials": Credential.objects.count(),
        "users": User.objects.count(),
        "cases": Case.objects.count(),
        "overdue": Deadline.objects.filter(
            met_on__isnull=True, paused_on__isnull=True, due_date__lt=today
        ).count(),
        "states": Counter(Case.objects.values_list("state", flat=True)),
    }
