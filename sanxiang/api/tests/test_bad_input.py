"""Bad input on every endpoint gets a 4xx in the one error shape and changes nothing (IN-01 in miniature)."""

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sanxiang.api.models import ApiToken
from sanxiang.cases import procedure, services
from sanxiang.cases.models import Case, CaseEvent
from sanxiang.testing import factories as f

pytestmark = pytest.mark.django_db

junk_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=30),
    st.lists(st.text(max_size=5), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)
FIELDS = [
    "date",
    "reason",
    "penalty_kinds",
    "fine_amount",
    "proposal",
    "decision_kind",
    "host",
    "hearing_date",
    "service_method",
    "paid_amount",
    "source",
    "document",
    "form_number",
    "sealed",
    "court",
]
junk_payloads = st.dictionaries(st.sampled_from(FIELDS), junk_values, max_size=6)


@given(name=st.sampled_from([t.name for t in procedure.TRANSITIONS]), payload=junk_payloads)
def test_junk_transition_input_is_a_clean_4xx(client, cast, name, payload):
    case = Case.objects.first() or services.register_case(
        cast.officer_a, cast.body_a, f.case_data(cast.body_a, cast.officers_a), [f.natural_party()]
    )
    _row, token = ApiToken.issue(cast.chief_a)
    before = (Case.objects.get(pk=case.pk).updated_at, CaseEvent.objects.count())
    response = client.post(
        f"/api/v1/cases/{case.public_id}/transitions/{name}",
        data=json.dumps(payload, allow_nan=True),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert 200 <= response.status_code < 500, response.content
    if response.status_code >= 400:
        assert set(response.json()) == {"error"}
        assert (Case.objects.get(pk=case.pk).updated_at, CaseEvent.objects.count()) == before


@given(
    payload=st.dictionaries(
        st.sampled_from(
            [
                "body",
                "department",
                "officers",
                "cause",
                "facts",
                "place",
                "discovered_on",
                "violation_ended_on",
                "parties",
            ]
        ),
        junk_values,
    )
)
def test_junk_case_input_is_a_clean_4xx(client, cast, payload):
    _row, token = ApiToken.issue(cast.officer_a)
    response = client.post(
        "/api/v1/cases",
        data=json.dumps(payload, allow_nan=True),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert 400 <= response.status_code < 500, response.content
    assert set(response.json()) == {"error"}
    assert not Case.objects.exists()


def test_a_body_that_is_not_json_is_a_clean_400(client, cast):
    _row, token = ApiToken.issue(cast.officer_a)
    response = client.post(
        "/api/v1/cases",
        data="{not json",
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 400 and set(response.json()) == {"error"}
