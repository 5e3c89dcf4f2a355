import datetime
import itertools

import pytest
from django.core.cache import cache

from sanxiang.cases.models import Case
from sanxiang.evaluation import services
from sanxiang.testing import factories as f

_n = itertools.count(1)
CLOSED_FROM = datetime.date(2025, 1, 1)
CLOSED_TO = datetime.date(2025, 12, 31)


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def closed_case(
    body, procedure="ordinary", decision_kind="penalty", closed_on=datetime.date(2025, 6, 1), state="closed"
):
    """A closed case file, written directly: sampling only reads cases, the procedure is tested elsewhere."""
    n = next(_n)
    return Case.objects.create(
        body=body,
        department=f.handling_department(body),
        procedure=procedure,
        state=state,
        clue_number=f"{body.short_name}线〔2025〕{n}号-eval",
        number=f"{body.short_name}立〔2025〕{n}号-eval",
        cause="销售过期食品",
        facts="当事人销售超过保质期的食品。",
        place="河津市城区街道",
        discovered_on=datetime.date(2025, 1, 5),
        violation_ended_on=datetime.date(2025, 1, 1),
        registered_on=datetime.date(2025, 1, 5),
        decision_kind=decision_kind,
        closed_on=closed_on,
    )


@pytest.fixture
def files(cast):
    """Body A: 5 ordinary penalties, 3 no-penalty decisions, 2 simplified; body B: 3 ordinary penalties;
    plus files outside the period or still open, which are never candidates."""
    a = [closed_case(cast.body_a) for _ in range(5)]
    a += [closed_case(cast.body_a, decision_kind="no_penalty") for _ in range(3)]
    a += [closed_case(cast.body_a, procedure="simplified") for _ in range(2)]
    b = [closed_case(cast.body_b) for _ in range(3)]
    closed_case(cast.body_a, closed_on=datetime.date(2024, 12, 31))
    closed_case(cast.body_a, state="served", closed_on=None)
    return {"a": a, "b": b}


def plan_data(cast, **extra) -> dict:
    data = {
        "year": 2026,
        "title": "2026年行政执法三项制度专项监督检查",
        "scope": "三项制度落实情况，案卷评查",
        "window_start": "2026-05-01",
        "window_end": "2026-05-31",
        "cases_from": CLOSED_FROM.isoformat(),
        "cases_to": CLOSED_TO.isoformat(),
        "per_stratum": 2,
        "bodies": [cast.body_a.pk, cast.body_b.pk],
    }
    data.update(extra)
    return data


@pytest.fixture
def plan(cast, files):
    return services.create_plan(cast.supervisor, plan_data(cast))


@pytest.fixture
def evaluator_b(cast):
    """An officer of B on the team evaluating A (交叉评查)."""
    return cast.officer_b


@pytest.fixture
def drawn(cast, plan, evaluator_b):
    """The plan drawn with a fixed seed; team 1 (supervisor + B's officer) evaluates A."""
    team = services.add_team(cast.supervisor, plan, {"name": "第一评查组"})
    services.assign_body(cast.supervisor, team, {"body": cast.body_a.pk})
    services.add_member(cast.supervisor, team, {"user": cast.supervisor.pk})
    services.add_member(cast.supervisor, team, {"user": evaluator_b.pk})
    services.draw_samples(cast.supervisor, plan, {"seed": "20260501"})
    plan.refresh_from_db()
    return plan
