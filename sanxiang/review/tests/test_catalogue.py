"""The catalogue: city default + body items, versions by effective date, publication (REV-06)."""

import datetime

import pytest

from sanxiang.core.errors import Conflict, Forbidden, InvalidInput
from sanxiang.review import classify, selectors, services
from sanxiang.review.choices import CatalogueStatus
from sanxiang.review.models import Catalogue

pytestmark = pytest.mark.django_db

D = datetime.date


def body_catalogue(actor, body, items, effective=None, publish=True):
    effective = effective or D(2024, 1, 1)
    catalogue = services.create_catalogue(actor, body, {"title": "本机关目录清单"})
    for item in items:
        services.add_item(actor, catalogue, item)
    services.put_in_force(actor, catalogue, {"effective_from": effective.isoformat()})
    if publish:
        services.publish(actor, catalogue, {"date": effective.isoformat()})
    catalogue.refresh_from_db()
    return catalogue


LOW_FINE = {
    "kind": "amount",
    "title": "较大数额罚款（本机关）",
    "penalty_kinds": ["fine"],
    "threshold_person": "3000",
}


def test_the_city_default_is_in_force_from_the_start(db):
    city = classify.in_force(None, D(2020, 6, 1))
    assert city.is_city_default and city.status == CatalogueStatus.IN_FORCE and city.published
    numbers = {i.number: i for i in city.items.all()}
    assert len(numbers) == 11
    assert numbers[3].penalty_kinds == ["fine"] and numbers[3].threshold_org == 100000
    assert numbers[6].kind == "hearing"
    assert classify.in_force(None, D(2018, 12, 31)) is None


def test_a_body_extends_the_city_default(cast):
    body_catalogue(cast.chief_a, cast.body_a, [LOW_FINE])
    city, own = classify.effective(cast.body_a.pk, D(2024, 6, 1))
    assert city.is_city_default and own.body == cast.body_a
    items = selectors.effective_catalogue(cast.body_a, D(2024, 6, 1))
    assert len(items) == 12 and items[-1][1].title == "较大数额罚款（本机关）"
    assert classify.effective(cast.body_b.pk, D(2024, 6, 1))[1] is None


def test_the_version_in_force_on_a_date_is_used(cast):
    first = body_catalogue(cast.chief_a, cast.body_a, [LOW_FINE], effective=D(2024, 1, 1))
    second = body_catalogue(
        cast.chief_a, cast.body_a, [dict(LOW_FINE, threshold_person="2000")], D(2025, 1, 1)
    )
    assert second.version == 2
    assert classify.in_force(cast.body_a.pk, D(2024, 12, 31)) == first
    assert classify.in_force(cast.body_a.pk, D(2025, 1, 1)) == second
    draft = services.create_catalogue(cast.chief_a, cast.body_a, {"title": "草稿", "copy_previous": True})
    assert draft.items.count() == 1 and classify.in_force(cast.body_a.pk, D(2030, 1, 1)) == second


def test_a_version_in_force_cannot_be_edited_and_dates_only_move_forward(cast):
    catalogue = body_catalogue(cast.chief_a, cast.body_a, [LOW_FINE], effective=D(2024, 1, 1))
    with pytest.raises(Conflict, match="不得修改"):
        services.add_item(cast.chief_a, catalogue, LOW_FINE)
    draft = services.create_catalogue(cast.chief_a, cast.body_a, {"title": "新版"})
    with pytest.raises(Conflict, match="没有任何事项"):
        services.put_in_force(cast.chief_a, draft, {"effective_from": "2025-01-01"})
    services.add_item(cast.chief_a, draft, LOW_FINE)
    with pytest.raises(InvalidInput, match="须晚于"):
        services.put_in_force(cast.chief_a, draft, {"effective_from": "2023-06-01"})
    with pytest.raises(Conflict, match="草稿不能公布"):
        services.publish(cast.chief_a, draft, {})


def test_items_are_validated_as_structured_criteria(cast):
    draft = services.create_catalogue(cast.reviewer_a, cast.body_a, {"title": "草稿"})
    with pytest.raises(InvalidInput) as bad:
        services.add_item(
            cast.reviewer_a, draft, {"kind": "amount", "title": "x", "penalty_kinds": ["warning"]}
        )
    assert {"penalty_kinds", "threshold_person"} <= set(bad.value.fields)
    with pytest.raises(InvalidInput) as bad:
        services.add_item(cast.reviewer_a, draft, {"kind": "factor", "title": "x"})
    assert "factor" in bad.value.fields


def test_only_the_body_and_the_justice_bureau_edit_catalogues(cast):
    with pytest.raises(Forbidden):
        services.create_catalogue(cast.officer_a, cast.body_a, {"title": "x"})
    with pytest.raises(Forbidden):
        services.create_catalogue(cast.chief_b, cast.body_a, {"title": "x"})
    with pytest.raises(Forbidden):
        services.create_catalogue(cast.chief_a, None, {"title": "x"})
    city = services.create_catalogue(
        cast.supervisor, None, {"title": "全市通用目录（修订）", "copy_previous": True}
    )
    assert city.version == 2 and city.items.count() == 11


def test_bodies_without_a_published_catalogue_are_a_compliance_gap(cast):
    assert set(selectors.bodies_without_published_catalogue(D(2024, 6, 1))) == {cast.body_a, cast.body_b}
    body_catalogue(cast.chief_a, cast.body_a, [LOW_FINE], effective=D(2024, 1, 1), publish=False)
    assert cast.body_a in selectors.bodies_without_published_catalogue(D(2024, 6, 1))
    services.publish(cast.chief_a, Catalogue.objects.get(body=cast.body_a), {"date": "2024-03-01"})
    gaps = set(selectors.bodies_without_published_catalogue(D(2024, 6, 1)))
    assert gaps == {cast.body_b}
    assert cast.body_a in selectors.bodies_without_published_catalogue(D(2024, 2, 1))
