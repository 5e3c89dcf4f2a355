"""Inspection plans, evaluator teams and the reproducible draw of case files (EVAL-03, sampling)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.db import transaction

from sanxiang.cases.models import Case
from sanxiang.core.errors import Conflict, InvalidInput, NotFound
from sanxiang.core.ids import parse_public_id
from sanxiang.orgs.models import EnforcementBody, User

from .. import sampling, scoring
from ..choices import PlanStatus
from ..forms import DrawForm, MemberForm, PlanForm, TeamBodyForm, TeamForm
from ..models import Draw, InspectionPlan, PlanBody, Rubric, RubricItem, SampledFile, Team
from .common import checked, record, require_manager, user_body_ids


def ensure_default_rubric() -> Rubric:
    """The seeded default rubric (EVAL-01/02), created on first use; an edited one is left alone."""
    rubric = Rubric.objects.filter(name=scoring.DEFAULT_NAME).first()
    if rubric is not None:
        return rubric
    with transaction.atomic():
        rubric = Rubric.objects.create(
            name=scoring.DEFAULT_NAME, grades=scoring.DEFAULT_GRADES, is_default=True
        )
        RubricItem.objects.bulk_create(
            RubricItem(
                rubric=rubric,
                section=section,
                code=code,
                label=label,
                points_per_defect=per,
                max_points=maximum,
                caps_grade=caps,
                order=order,
            )
            for order, (section, code, label, per, maximum, caps) in enumerate(scoring.DEFAULT_ITEMS, start=1)
        )
    return rubric


def evaluable_bodies():
    """Bodies whose files are evaluated: active enforcement bodies other than the justice bureau."""
    return EnforcementBody.objects.filter(is_active=True, is_justice_bureau=False).order_by("name")


def create_plan(actor, data, rubric: Rubric | None = None) -> InspectionPlan:
    require_manager(actor)
    choices = [(str(b.pk), b.name) for b in evaluable_bodies()]
    values = checked(PlanForm, data, body_choices=choices).cleaned_data
    rubric = rubric or Rubric.objects.filter(is_default=True).first() or ensure_default_rubric()
    if scoring.check_grades(rubric.grades):
        raise InvalidInput("评分标准的等次划分有误：" + "；".join(scoring.check_grades(rubric.grades)))
    with transaction.atomic():
        plan = InspectionPlan.objects.create(
            year=values["year"],
            title=values["title"],
            scope=values["scope"],
            window_start=values["window_start"],
            window_end=values["window_end"],
            cases_from=values["cases_from"],
            cases_to=values["cases_to"],
            per_stratum=values["per_stratum"],
            rubric=rubric,
            created_by=actor,
        )
        bodies = EnforcementBody.objects.filter(pk__in=[int(b) for b in values["bodies"]])
        PlanBody.objects.bulk_create(PlanBody(plan=plan, body=b) for b in bodies)
        plan.ledger_index = record(
            "evaluation.plan_created",
            "inspection_plan",
            plan.public_id,
            actor,
            year=plan.year,
            bodies=sorted(b.credit_code for b in bodies),
            rubric=rubric.pk,
            cases_from=plan.cases_from,
            cases_to=plan.cases_to,
            per_stratum=plan.per_stratum,
        )
        plan.save(update_fields=["ledger_index"])
    return plan


def add_team(actor, plan: InspectionPlan, data) -> Team:
    require_manager(actor)
    name = checked(TeamForm, data).cleaned_data["name"]
    if plan.teams.filter(name=name).exists():
        raise InvalidInput("评查组名称重复", fields={"name": ["本次检查已有同名评查组"]})
    with transaction.atomic():
        team = Team.objects.create(plan=plan, name=name)
        record("evaluation.team_created", "inspection_plan", plan.public_id, actor, team=team.pk)
    return team


def _independence_conflicts(user: User, body_ids: set[int]) -> set[int]:
    return user_body_ids(user) & body_ids


def add_member(actor, team: Team, data) -> User:
    """Independence (E9, 交叉评查): nobody evaluates the body they belong to."""
    require_manager(actor)
    user_id = checked(MemberForm, data).cleaned_data["user"]
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        raise InvalidInput("用户不存在或已停用", fields={"user": ["用户不存在或已停用"]})
    team_bodies = set(team.bodies.values_list("pk", flat=True))
    if _independence_conflicts(user, team_bodies):
        raise Conflict("评查人员不得评查本单位案卷：该人员属于本组负责评查的主体")
    with transaction.atomic():
        team.members.add(user)
        record(
            "evaluation.member_added",
            "inspection_plan",
            team.plan.public_id,
            actor,
            team=team.pk,
            user=user.pk,
        )
    return user


def assign_body(actor, team: Team, data) -> EnforcementBody:
    require_manager(actor)
    body_id = checked(TeamBodyForm, data).cleaned_data["body"]
    if not team.plan.plan_bodies.filter(body_id=body_id).exists():
        raise InvalidInput("该主体不在本次检查范围内", fields={"body": ["该主体不在本次检查范围内"]})
    body = EnforcementBody.objects.get(pk=body_id)
    for member in team.members.all():
        if body.pk in user_body_ids(member):
            raise Conflict(f"评查人员不得评查本单位案卷：组员“{member}”属于{body.name}")
    with transaction.atomic():
        team.bodies.add(body)
        record(
            "evaluation.team_body",
            "inspection_plan",
            team.plan.public_id,
            actor,
            team=team.pk,
            body=body.credit_code,
        )
    return body


def candidate_strata(plan: InspectionPlan, body: EnforcementBody) -> list[sampling.Stratum]:
    rows = Case.objects.filter(
        body=body,
        state__in=sampling.CLOSED_STATES,
        closed_on__gte=plan.cases_from,
        closed_on__lte=plan.cases_to,
    ).values_list("public_id", "procedure", "decision_kind")
    return sampling.build_strata(((str(p), proc, kind) for p, proc, kind in rows), plan.per_stratum)


def draw_samples(actor, plan: InspectionPlan, data=None) -> list[Draw]:
    """Draw each plan body's files not yet drawn; the seed is fixed at the first draw and recorded."""
    require_manager(actor)
    given = checked(DrawForm, data or {}).cleaned_data.get("seed") or ""
    with transaction.atomic():
        plan = InspectionPlan.objects.select_for_update().get(pk=plan.pk)
        if plan.status == PlanStatus.CLOSED:
            raise Conflict("检查已结束，不能再抽取案卷")
        if plan.seed and given and given != plan.seed:
            raise Conflict("本次检查的随机种子已确定，不能更改")
        if not plan.seed:
            plan.seed = given or str(secrets.randbits(63))
        done = set(plan.draws.values_list("body_id", flat=True))
        draws = []
        for plan_body in plan.plan_bodies.select_related("body").exclude(body_id__in=done):
            draws.append(_draw_one(actor, plan, plan_body.body))
        plan.status = PlanStatus.DRAWN
        plan.save(update_fields=["seed", "status", "updated_at"])
    return draws


def _draw_one(actor, plan: InspectionPlan, body: EnforcementBody) -> Draw:
    strata = candidate_strata(plan, body)
    picks = sampling.draw(plan.seed, body.credit_code, strata)
    digest = sampling.candidates_digest(strata)
    drawn = [p.case_id for p in picks]
    index = record(
        "evaluation.files_drawn",
        "inspection_plan",
        plan.public_id,
        actor,
        algorithm=sampling.ALGORITHM,
        seed=plan.seed,
        body=body.credit_code,
        strata=[{"code": s.code, "size": s.size, "candidates": len(s.candidates)} for s in strata],
        candidates_sha256=digest,
        drawn=drawn,
    )
    draw = Draw.objects.create(
        plan=plan,
        body=body,
        algorithm=sampling.ALGORITHM,
        seed=plan.seed,
        body_code=body.credit_code,
        strata=[s.as_dict() for s in strata],
        candidates_sha256=digest,
        drawn=drawn,
        drawn_by=actor,
        ledger_index=index,
    )
    cases = {str(c.public_id): c for c in Case.objects.filter(public_id__in=drawn)}
    SampledFile.objects.bulk_create(
        SampledFile(
            plan=plan,
            draw=draw,
            body=body,
            case=cases[p.case_id],
            stratum=p.stratum,
            rank=p.rank,
            rank_key=p.key,
        )
        for p in picks
    )
    return draw


@dataclass
class RedrawResult:
    body: str
    reproduced: bool  # the recorded inputs give the recorded files
    candidates_unchanged: bool  # today's data gives the recorded candidate list
    recorded: list[str]
    recomputed: list[str]


def redraw(plan: InspectionPlan) -> list[RedrawResult]:
    """Re-run every recorded draw from its recorded inputs and compare (the `redraw` command)."""
    results = []
    for draw in plan.draws.select_related("body").order_by("body__name"):
        strata = sampling.strata_from_record(draw.strata)
        recomputed = [p.case_id for p in sampling.draw(draw.seed, draw.body_code, strata)]
        inputs_intact = sampling.candidates_digest(strata) == draw.candidates_sha256
        current = sampling.candidates_digest(candidate_strata(plan, draw.body))
        results.append(
            RedrawResult(
                body=draw.body.name,
                reproduced=inputs_intact and recomputed == list(draw.drawn),
                candidates_unchanged=current == draw.candidates_sha256,
                recorded=list(draw.drawn),
                recomputed=recomputed,
            )
        )
    return results


def plan_by_reference(reference: str) -> InspectionPlan:
    """A plan by number or public id (for the command line)."""
    if reference.isdigit():
        plan = InspectionPlan.objects.filter(pk=int(reference)).first()
    else:
        plan = InspectionPlan.objects.filter(public_id=parse_public_id(reference)).first()
    if plan is None:
        raise NotFound(f"专项检查“{reference}”不存在")
    return plan
