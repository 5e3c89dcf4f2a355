"""Scoring a sampled file beside its electronic case file (EVAL-01/02, evaluator independence)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from sanxiang.core.errors import Conflict, Forbidden

from .. import scoring
from ..choices import EvaluationStatus, PlanStatus
from ..forms import EvaluationForm
from ..models import Evaluation, Finding, SampledFile
from .common import checked, record, user_body_ids


def is_assigned(user, sample: SampledFile) -> bool:
    """Whether `user` is in a team of the sample's plan that evaluates the sample's body."""
    return sample.plan.teams.filter(members=user, bodies=sample.body_id).exists()


def check_may_score(user, sample: SampledFile) -> None:
    """Checked again at scoring time: membership of the body may have changed since assignment."""
    if sample.body_id in user_body_ids(user):
        raise Forbidden("评查人员不得评查本单位案卷")
    if not is_assigned(user, sample):
        raise Forbidden("您不是负责该主体的评查组成员")


def rule_of(item) -> scoring.ItemRule:
    return scoring.ItemRule(item.pk, item.section, item.points_per_defect, item.max_points, item.caps_grade)


def save_evaluation(actor, sample: SampledFile, data, *, submit: bool = False) -> Evaluation:
    """Save (or submit) the score sheet; totals come from the rubric, a submitted sheet is final."""
    check_may_score(actor, sample)
    rubric = sample.plan.rubric
    items = list(rubric.items.all())
    form = checked(EvaluationForm, data, items=items)
    found = form.findings()
    by_id = {item.pk: item for item in items}
    result = scoring.score(
        [(rule_of(by_id[item_id]), defects) for item_id, (defects, _note) in found.items()],
        form_points=rubric.form_points,
        substance_points=rubric.substance_points,
        grades=rubric.grades,
    )
    with transaction.atomic():
        locked = (
            SampledFile.objects.select_for_update().select_related("plan", "case", "body").get(pk=sample.pk)
        )
        if locked.plan.status == PlanStatus.CLOSED:
            raise Conflict("检查已结束，不能再评分")
        evaluation = Evaluation.objects.filter(sample=locked).first()
        if evaluation and evaluation.status == EvaluationStatus.SUBMITTED:
            raise Conflict("评分已提交，不能修改")
        if evaluation and evaluation.evaluator_id != actor.pk:
            raise Conflict("该案卷已由其他评查人员评分")
        evaluation = evaluation or Evaluation(sample=locked, evaluator=actor)
        evaluation.vetoed = result.vetoed
        evaluation.form_score = result.form
        evaluation.substance_score = result.substance
        evaluation.total = result.total
        evaluation.grade = result.grade
        evaluation.grade_label = result.grade_label
        evaluation.comments = form.cleaned_data["comments"]
        if submit:
            evaluation.status = EvaluationStatus.SUBMITTED
            evaluation.submitted_at = timezone.now()
        evaluation.save()
        evaluation.findings.all().delete()
        Finding.objects.bulk_create(
            Finding(
                evaluation=evaluation,
                item=by_id[item_id],
                defects=defects,
                points=result.points[item_id],
                note=note,
            )
            for item_id, (defects, note) in found.items()
        )
        kind = "evaluation.file_scored" if submit else "evaluation.file_draft_saved"
        evaluation.ledger_index = record(
            kind,
            "case",
            locked.case.public_id,
            actor,
            plan=str(locked.plan.public_id),
            body=locked.body.credit_code,
            rubric=rubric.pk,
            findings={str(by_id[i].code): d for i, (d, _n) in sorted(found.items())},
            total=result.total,
            grade=result.grade,
            vetoed=result.vetoed,
        )
        evaluation.save(update_fields=["ledger_index"])
    return evaluation
