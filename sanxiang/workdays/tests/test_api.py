"""The read-only router, through ninja's TestClient."""

import pytest
from ninja.testing import TestClient

from sanxiang.core.errors import InvalidInput
from sanxiang.workdays.api import router

pytestmark = pytest.mark.django_db

client = TestClient(router)


def test_add_counts_working_days_by_default():
    response = client.get("/add?start=2026-09-30&days=7")
    assert response.status_code == 200
    assert response.json() == {"date": "2026-10-15", "provisional": False}


def test_add_counts_calendar_days_on_request():
    assert client.get("/add?start=2026-09-18&days=15&kind=calendar").json()["date"] == "2026-10-08"


def test_between_and_is_workday():
    assert client.get("/between?start=2026-09-30&end=2026-10-15").json() == {"count": 7, "provisional": False}
    assert client.get("/is-workday?date=2026-10-10").json() == {
        "date": "2026-10-10",
        "workday": True,
        "provisional": False,
    }


def test_answers_about_an_unloaded_year_are_marked_provisional():
    assert client.get("/add?start=2026-12-30&days=5").json() == {"date": "2027-01-06", "provisional": True}
    assert client.get("/is-workday?date=2027-01-01").json()["provisional"] is True


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/add?start=2026-02-30&days=7", "start"),
        ("/add?start=2026-09-30&days=-3", "days"),
        ("/add?start=2026-09-30", "days"),
        ("/add?start=2026-09-30&days=3&kind=hours", "kind"),
        ("/add?start=9999-12-30&days=30", "days"),
        ("/between?start=2026-09-30", "end"),
        ("/is-workday?date=tomorrow", "date"),
    ],
)
def test_invalid_input_raises_invalid_input_naming_the_field(url, field):
    with pytest.raises(InvalidInput) as excinfo:
        client.get(url)
    assert field in excinfo.value.fields
    assert excinfo.value.status == 400
