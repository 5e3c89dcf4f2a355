"""Staff pages of the special inspection: plans, teams, the draw, scoring, results and the report."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from sanxiang.cases.views.common import use_select
from sanxiang.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from sanxiang.orgs.models import EnforcementBody, User

from .. import reports, selectors, services
from ..choices import EvaluationStatus
from ..forms import DrawForm, EvaluationForm, MemberForm, PlanForm, TeamBodyForm, TeamForm, YearForm
from ..models import Evaluation, Team
from ..services.plans import evaluable_bodies
from ..services.scoring import check_may_score
from .common import download, form_page, require, staff_view


@staff_view
def home(request):
    user = request.user
    year = timezone.localdate().year
    context = {
        "plans": selectors.plans_for(user)[:20],
        "is_manager": selectors.is_manager(user),
        "notices": selectors.notices_for(user).exclude(status="closed")[:20],
        "complaints": selectors.complaints_for(user).exclude(status="answered")[:20],
        "not_evaluated": selectors.bodies_not_evaluated(year) if selectors.is_manager(user) else [],
        "year": year,
    }
    return render(request, "evaluation/home.html", context)


@staff_view
def plan_new(request):
    require(selectors.is_manager(request.user), "仅司法局执法监督人员可以制定检查计划")
    choices = [(str(b.pk), b.name) for b in evaluable_bodies()]
    today = timezone.localdate()
    initial = {"year": today.year, "per_stratum": 2}
    return form_page(
        request,
        title="制定专项监督检查计划",
        form=lambda data: PlanForm(data, initial=initial, body_choices=choices),
        run=lambda: services.create_plan(request.user, request.POST),
        done=lambda plan: reverse("evaluation:plan", args=[plan.pk]),
        back=reverse("evaluation:home"),
    )


@staff_view
def plan_detail(request, plan_id: int):
    plan = selectors.plan_for(request.user, plan_id)
    manager = selectors.is_manager(request.user)
    context = {
        "plan": plan,
        "is_manager": manager,
        "teams": plan.teams.prefetch_related("members", "bodies"),
        "draws": plan.draws.select_related("body"),
        "samples": selectors.samples_for(request.user, plan),
        "results": selectors.results_by_body(plan) if manager else [],
        "problems": selectors.common_problems(plan) if manager else [],
        "draw_form": DrawForm(),
    }
    return render(request, "evaluation/plan.html", context)


@staff_view
@require_POST
def plan_draw(request, plan_id: int):
    plan = selectors.plan_for(request.user, plan_id)
    return form_page(
        request,
        title="抽取案卷",
        form=lambda data: DrawForm(data),
        run=lambda: services.draw_samples(request.user, plan, request.POST),
        done=lambda _draws: reverse("evaluation:plan", args=[plan.pk]),
        back=reverse("evaluation:plan", args=[plan.pk]),
    )


@staff_view
def team_new(request, plan_id: int):
    plan = selectors.plan_for(request.user, plan_id)
    require(selectors.is_manager(request.user), "仅司法局执法监督人员可以组建评查组")
    return form_page(
        request,
        title="组建评查组",
        form=lambda data: TeamForm(data),
        run=lambda: services.add_team(request.user, plan, request.POST),
        done=lambda _team: reverse("evaluation:plan", args=[plan.pk]),
        back=reverse("evaluation:plan", args=[plan.pk]),
    )


def _team(request, team_id: int) -> Team:
    team = Team.objects.select_related("plan").filter(pk=team_id).first()
    if team is None:
        raise NotFound("评查组不存在")
    selectors.plan_for(request.user, team.plan_id)
    require(selectors.is_manager(request.user), "仅司法局执法监督人员可以调整评查组")
    return team


@staff_view
def team_member(request, team_id: int):
    team = _team(request, team_id)
    users = User.objects.filter(is_active=True).exclude(evaluation_teams=team).order_by("username")

    def build(data):
        form = MemberForm(data)
        use_select(form, "user", [(u.pk, f"{u} ({u.username})") for u in users])
        return form

    return form_page(
        request,
        title=f"添加评查人员：{team.name}",
        form=build,
        run=lambda: services.add_member(request.user, team, request.POST),
        done=lambda _u: reverse("evaluation:plan", args=[team.plan_id]),
        back=reverse("evaluation:plan", args=[team.plan_id]),
    )


@staff_view
def team_body(request, team_id: int):
    team = _team(request, team_id)
    bodies = EnforcementBody.objects.filter(pk__in=team.plan.plan_bodies.values("body")).order_by("name")

    def build(data):
        form = TeamBodyForm(data)
        use_select(form, "body", [(b.pk, b.name) for b in bodies])
        return form

    return form_page(
        request,
        title=f"分配评查主体：{team.name}",
        form=build,
        run=lambda: services.assign_body(request.user, team, request.POST),
        done=lambda _b: reverse("evaluation:plan", args=[team.plan_id]),
        back=reverse("evaluation:plan", args=[team.plan_id]),
    )


@staff_view
def sample_detail(request, sample_id: int):
    """The score sheet beside the electronic case file (read-only for the evaluator)."""
    sample = selectors.sample_for(request.user, sample_id)
    items = list(sample.plan.rubric.items.all())
    evaluation = Evaluation.objects.filter(sample=sample).prefetch_related("findings").first()
    status = 200
    error = ""
    may_score = True
    try:
        check_may_score(request.user, sample)
    except Forbidden:  # the page stays readable for the bureau; only assigned evaluators score
        may_score = False
    if request.method == "POST":
        try:
            services.save_evaluation(request.user, sample, request.POST, submit="submit" in request.POST)
        except (InvalidInput, Conflict) as exc:
            error, status = exc.message, 400 if isinstance(exc, InvalidInput) else 409
        else:
            messages.success(request, "评分已保存")
            return redirect(reverse("evaluation:sample", args=[sample.pk]))
        form = EvaluationForm(request.POST, items=items)
        form.is_valid()
    else:
        initial = {"comments": evaluation.comments} if evaluation else {}
        for finding in evaluation.findings.all() if evaluation else []:
            value = True if finding.item.section == "veto" else finding.defects
            initial[f"defects_{finding.item_id}"] = value
            initial[f"note_{finding.item_id}"] = finding.note
        form = EvaluationForm(initial=initial, items=items)
    rows = [(item, form[f"defects_{item.pk}"], form[f"note_{item.pk}"]) for item in items]
    context = {
        "sample": sample,
        "file": selectors.case_file(request.user, sample),
        "evaluation": evaluation,
        "rows": rows,
        "form": form,
        "may_score": may_score and not (evaluation and evaluation.status == EvaluationStatus.SUBMITTED),
        "error_message": error,
    }
    return render(request, "evaluation/sample.html", context, status=status)


@staff_view
def plan_report(request, plan_id: int, fmt: str):
    plan = selectors.plan_for(request.user, plan_id)
    require(selectors.is_manager(request.user), "仅司法局执法监督人员可以导出评查报告")
    spec = reports.plan_report(plan)
    name = quote(f"{spec['title']}.{fmt}")
    if fmt == "docx":
        mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        return download(reports.docx_bytes(spec), name, mime)
    return download(reports.pdf_bytes(spec), name, "application/pdf")


@staff_view
def coverage(request):
    """EVAL-03: bodies whose files have not been evaluated this year."""
    require(selectors.is_manager(request.user), "仅司法局执法监督人员可以查看")
    year = YearForm(request.GET).year_or(timezone.localdate())
    context = {"year": year, "bodies": selectors.bodies_not_evaluated(year)}
    return render(request, "evaluation/coverage.html", context)
