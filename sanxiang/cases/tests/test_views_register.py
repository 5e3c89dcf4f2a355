"""Staff UI clue registration (线索登记): choosing the body, officers and parties; errors save nothing."""

import re

import pytest
from django.urls import reverse

from sanxiang.cases.choices import OfficerRole
from sanxiang.cases.models import Case, CaseEvent
from sanxiang.orgs.choices import Role
from sanxiang.testing import factories as f

from .views_support import html, login

pytestmark = pytest.mark.django_db

URL = reverse("cases:new")


def submission(cast, *parties: dict, **extra) -> dict:
    data = {
        key: value for key, value in f.case_data(cast.body_a, cast.officers_a).items() if key != "officers"
    }
    data |= {"body": cast.body_a.pk, "officers": [o.pk for o in cast.officers_a], "party_count": len(parties)}
    for i, party in enumerate(parties):
        data |= {f"party-{i}-{key}": value for key, value in party.items()}
    data.update(extra)
    return data


def test_the_form_offers_the_bodys_departments_and_officers_with_the_user_preselected(client, cast):
    login(client, cast.officer_a)
    response = client.get(URL)
    assert response.status_code == 200
    page = html(response)
    assert cast.body_a.name in page and "执法稽查科" in page and "法规科" not in page
    assert "张明（执法稽查科，持有效执法证）" in page and "孙环保" not in page
    assert re.search(rf'name="officers" value="{cast.officers_a[0].pk}"[^>]*checked', page)
    assert not re.search(rf'name="officers" value="{cast.officers_a[1].pk}"[^>]*checked', page)
    assert 'name="party-0-name"' in page and 'name="party-1-name"' not in page


def test_registering_a_clue_saves_it_and_opens_its_page(client, cast):
    login(client, cast.officer_a)
    response = client.post(URL, submission(cast, f.natural_party("王某")))
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("cases:detail", args=[case.pk])
    assert case.body == cast.body_a and case.parties.get().name == "王某"
    assert "线索已登记" in html(client.get(response["Location"]))


def test_the_chosen_lead_officer_comes_first(client, cast):
    login(client, cast.officer_a)
    client.post(URL, submission(cast, f.natural_party(), lead=cast.officers_a[1].pk))
    lead = Case.objects.get().assignments.get(role=OfficerRole.LEAD)
    assert lead.officer == cast.officers_a[1]


def test_another_party_block_is_added_without_saving_and_blank_blocks_are_ignored(client, cast):
    login(client, cast.officer_a)
    response = client.post(URL, submission(cast, f.natural_party("王某"), add_party="1"))
    assert response.status_code == 200 and not Case.objects.exists()
    page = html(response)
    assert 'name="party-1-name"' in page and 'value="王某"' in page
    blank = {"kind": "natural", "name": "", "address": ""}
    client.post(URL, submission(cast, f.natural_party("王某"), blank))
    assert Case.objects.get().parties.count() == 1
    client.post(URL, submission(cast, f.natural_party("王某"), f.company_party("某公司")))
    assert Case.objects.latest("id").parties.count() == 2


def test_invalid_parties_and_fields_show_every_error_and_save_nothing(client, cast):
    bad = f.natural_party() | {"id_number": "140882198503120001"}
    company = f.company_party() | {"legal_representative": ""}
    login(client, cast.officer_a)
    response = client.post(URL, submission(cast, f.natural_party(), bad, company, cause=""))
    assert response.status_code == 400
    page = html(response)
    assert "这个字段是必填项" in page  # cause
    assert "公民身份号码格式、出生日期或校验位不正确" in page  # party 2
    assert "法人须填写法定代表人" in page  # party 3
    assert not Case.objects.exists() and not CaseEvent.objects.exists()


def test_registration_is_refused_without_the_right_or_in_another_body(client, cast):
    login(client, cast.nobody)
    assert client.get(URL).status_code == 403
    login(client, cast.reviewer_a)  # may see cases but not register them
    assert client.get(URL).status_code == 403
    login(client, cast.officer_b)
    response = client.post(URL, submission(cast, f.natural_party()))
    assert response.status_code == 403 and not Case.objects.exists()


def test_a_user_registering_in_several_bodies_chooses_one_first(client, cast):
    both = f.make_user("two.bodies", Role.OFFICER, body=cast.body_a)
    f.make_officer(cast.body_a, "两地", user=both)
    from sanxiang.orgs.services import grant_role

    grant_role(both, Role.OFFICER, cast.body_b)
    login(client, both)
    page = html(client.get(URL))
    assert cast.body_a.name in page and cast.body_b.name in page and 'name="party-0-name"' not in page
    page = html(client.get(URL, {"body": cast.body_b.pk}))
    assert 'name="party-0-name"' in page and "孙环保" in page
