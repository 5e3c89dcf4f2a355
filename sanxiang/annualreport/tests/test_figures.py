"""The report's figures against a hand-built year whose right answers are known (STAT-02, STAT-03)."""

import pytest

from sanxiang.annualreport import figures
from sanxiang.annualreport.choices import CATEGORY_OF_KIND, PenaltyCategory
from sanxiang.cases.choices import PENALTY_SEVERITY, PenaltyKind

from .conftest import EXPECTED_A

pytestmark = pytest.mark.django_db


def test_a_body_s_figures_match_the_hand_built_year(cast, built_year):
    found = figures.compute([cast.body_a.pk], built_year.year)
    expected = dict.fromkeys(figures.AUTO_CODES, 0) | {"fine_total": "0.00", "confiscation_total": "0.00"}
    expected |= {"collected_total": "0.00"} | EXPECTED_A
    assert found == expected


def test_the_city_figures_add_every_body(cast, built_year):
    city = figures.compute(None, built_year.year)
    assert city["penalty_decisions"] == 6 and city["penalty_fine"] == 2
    assert city["fine_total"] == "8050.00" and city["penalty_on_the_spot"] == 2
    b = figures.compute([cast.body_b.pk], built_year.year)
    assert b["penalty_decisions"] == 1 and b["penalty_warning"] == 0 and b["fine_total"] == "50.00"
    # STAT-02: each decision is counted once, so the columns add up to the decisions.
    assert sum(city[c] for c in figures.CATEGORY_CODES) == city["penalty_decisions"]


def test_a_decision_of_another_year_is_not_counted(cast, built_year):
    found = figures.compute([cast.body_a.pk], built_year.year + 1)
    assert found["penalty_decisions"] == 1 and found["penalty_fine"] == 1 and found["fine_total"] == "100.00"


def test_a_changed_decision_keeps_the_column_and_amounts_it_was_made_with(cast, built_year):
    """The change is reported under remedies; the closed year's penalty figures do not move."""
    changed = built_year.cases["confiscation"]
    changed.refresh_from_db()
    assert changed.heaviest_penalty == "warning"
    found = figures.compute([cast.body_a.pk], built_year.year)
    assert found["penalty_confiscation"] == 1 and found["confiscation_total"] == "2000.00"


@pytest.mark.parametrize(
    ("kinds", "column"),
    [
        (["warning", "fine"], PenaltyCategory.FINE),
        (["revoke_license", "close"], PenaltyCategory.LICENSE),
        (["suspend_license", "close"], PenaltyCategory.SUSPENSION),
        (["suspend_license", "lower_qualification"], PenaltyCategory.QUALIFICATION),
        (["detention", "fine", "restrict_practice"], PenaltyCategory.DETENTION),
        (["other", "warning"], PenaltyCategory.WARNING),
        (["other"], PenaltyCategory.OTHER),
        ([], PenaltyCategory.OTHER),
    ],
)
def test_the_heaviest_kind_decides_the_column(kinds, column):
    assert figures.category_of([{"kind": k, "amount": None} for k in kinds]) == column


def test_every_penalty_kind_has_a_column_and_a_place_in_the_severity_order():
    assert set(CATEGORY_OF_KIND) == set(PenaltyKind.values) == set(PENALTY_SEVERITY)
    assert set(CATEGORY_OF_KIND.values()) == set(PenaltyCategory.values)


def test_an_empty_year_reports_every_line_as_zero_not_blank(cast, year):
    found = figures.compute([cast.body_b.pk], year)
    assert set(found) == set(figures.AUTO_CODES)
    assert all(v in (0, "0.00") for v in found.values())
