"""The rubric (EVAL-01/02, E6) and evaluator independence, at assignment and at scoring."""

from decimal import Decimal

import pytest

from sanxiang.core.errors import Conflict, Forbidden
from sanxiang.evaluation import scoring, services
from sanxiang.evaluation.choices import Section
from sanxiang.evaluation.models import Evaluation, SampledFile
from sanxiang.ledger.models import Entry
from sanxiang.orgs.choices import Role
from sanxiang.orgs.services import grant_role

D = Decimal
FORM = scoring.ItemRule(1, Section.FORM, D("1"), D("4"), False)
FORM_BIG = scoring.ItemRule(2, Section.FORM, D("10"), D("30"), False)
SUBSTANCE = scoring.ItemRule(3, Section.SUBSTANCE, D("2"), D("10"), False)
CAPPING = scoring.ItemRule(4, Section.SUBSTANCE, D("1"), D("5"), True)
VETO = scoring.ItemRule(5, Section.VETO, D("0"), D("0"), False)


def score(*findings, grades=scoring.DEFAULT_GRADES):
    return scoring.score(findings, form_points=D("20"), substance_points=D("80"), grades=grades)


def test_a_clean_file_scores_100_and_is_excellent():
    result = score()
    assert (result.total, result.grade_label) == (D("100"), "优秀")


def test_a_veto_item_makes_the_file_fail_with_zero_whatever_else():
    result = score((VETO, 1), (FORM, 1))
    assert result.vetoed and result.total == 0 and result.form == 0 and result.grade_label == "不合格"


def test_deductions_are_per_defect_capped_per_item():
    result = score((FORM, 3), (SUBSTANCE, 9))
    assert result.points == {1: D("3"), 3: D("10")}
    assert (result.form, result.substance, result.total) == (D("17"), D("70"), D("87"))
    assert result.grade_label == "良好"


def test_a_section_never_goes_below_zero():
    result = score((FORM_BIG, 3))
    assert result.form == 0 and result.total == D("80")


def test_grade_cut_offs_are_configurable():
    three = [
        {"code": "a", "label": "优秀", "min": 85},
        {"code": "b", "label": "合格", "min": 70},
        {"code": "c", "label": "不合格", "min": 0},
    ]
    assert (score((SUBSTANCE, 5), grades=three).total, score((SUBSTANCE, 5), grades=three).grade_label) == (
        D("90"),
        "优秀",
    )
    assert score((SUBSTANCE, 5), (FORM_BIG, 1), grades=three).grade_label == "合格"
    at_boundary = score((FORM_BIG, 3), (SUBSTANCE, 10), grades=three)
    assert (at_boundary.total, at_boundary.grade_label) == (D("70"), "合格")  # a cut-off is inclusive
    assert score((FORM_BIG, 3), (SUBSTANCE, 10), (CAPPING, 5), grades=three).grade_label == "不合格"


def test_a_defect_on_a_grade_capping_item_keeps_the_file_out_of_the_best_grade():
    result = score((CAPPING, 1))
    assert result.total == D("99") and result.grade_label == "良好"


def test_grade_lists_are_checked():
    assert scoring.check_grades(scoring.DEFAULT_GRADES) == []
    assert scoring.check_grades([{"code": "a", "label": "甲", "min": 50}])
    assert scoring.check_grades([])


@pytest.mark.django_db
def test_the_default_rubric_is_seeded_with_veto_form_and_substance_items(cast, plan):
    rubric = plan.rubric
    sections = {item.section for item in rubric.items.all()}
    assert sections == {"veto", "form", "substance"}
    assert rubric.items.filter(section="veto").count() == 9
    assert sum(i.max_points for i in rubric.items.filter(section="form")) == 20
    assert sum(i.max_points for i in rubric.items.filter(section="substance")) == 80


def _sample(cast, plan):
    return SampledFile.objects.filter(plan=plan, body=cast.body_a).first()


def _item(plan, code):
    return plan.rubric.items.get(code=code)


@pytest.mark.django_db
def test_an_evaluator_scores_and_submits_and_the_ledger_records_it(cast, drawn, evaluator_b):
    sample = _sample(cast, drawn)
    data = {
        f"defects_{_item(drawn, 'filling').pk}": "2",
        f"defects_{_item(drawn, 'notice').pk}": "1",
        "comments": "告知书未载明听证权利",
    }
    evaluation = services.save_evaluation(evaluator_b, sample, data, submit=True)
    assert (evaluation.form_score, evaluation.substance_score, evaluation.total) == (
        D("18"),
        D("78"),
        D("96"),
    )
    assert evaluation.grade_label == "良好"  # 'notice' caps the best grade (E6)
    entry = Entry.objects.get(index=evaluation.ledger_index)
    assert entry.kind == "evaluation.file_scored" and entry.subject_id == str(sample.case.public_id)
    with pytest.raises(Conflict):
        services.save_evaluation(evaluator_b, sample, {}, submit=True)


@pytest.mark.django_db
def test_a_veto_found_by_the_evaluator_fails_the_file(cast, drawn, evaluator_b):
    sample = _sample(cast, drawn)
    data = {f"defects_{_item(drawn, 'officers').pk}": "on", f"defects_{_item(drawn, 'filling').pk}": "1"}
    evaluation = services.save_evaluation(evaluator_b, sample, data)
    assert evaluation.vetoed and evaluation.total == 0 and evaluation.grade_label == "不合格"


@pytest.mark.django_db
def test_a_member_of_the_evaluated_body_cannot_join_its_team(cast, drawn):
    team = drawn.teams.get()
    with pytest.raises(Conflict, match="本单位"):
        services.add_member(cast.supervisor, team, {"user": cast.officer_a.pk})
    with pytest.raises(Conflict, match="本单位"):
        services.add_member(
            cast.supervisor, team, {"user": cast.chief_a.pk}
        )  # a grant in A, no officer record


@pytest.mark.django_db
def test_a_body_cannot_be_given_to_a_team_holding_one_of_its_people(cast, plan):
    team = services.add_team(cast.supervisor, plan, {"name": "第二组"})
    services.add_member(cast.supervisor, team, {"user": cast.officer_b.pk})
    with pytest.raises(Conflict, match="本单位"):
        services.assign_body(cast.supervisor, team, {"body": cast.body_b.pk})


@pytest.mark.django_db
def test_independence_is_checked_again_at_scoring(cast, drawn, evaluator_b):
    grant_role(evaluator_b, Role.OFFICER, cast.body_a)  # moved to A after the assignment
    with pytest.raises(Forbidden, match="本单位"):
        services.save_evaluation(evaluator_b, _sample(cast, drawn), {})
    assert not Evaluation.objects.exists()


@pytest.mark.django_db
def test_only_assigned_evaluators_score(cast, drawn):
    with pytest.raises(Forbidden):
        services.save_evaluation(cast.chief_b, _sample(cast, drawn), {})
    sample_b = SampledFile.objects.filter(plan=drawn, body=cast.body_b).first()
    with pytest.raises(Forbidden):  # team 1 evaluates A only
        services.save_evaluation(cast.officer_b, sample_b, {})


@pytest.mark.django_db
def test_only_the_bureau_makes_plans(cast, files):
    from .conftest import plan_data

    with pytest.raises(Forbidden):
        services.create_plan(cast.chief_a, plan_data(cast))
