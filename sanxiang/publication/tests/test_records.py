"""A decision makes its publication record in its own transaction, with the DISC-01/02/03 deadline."""

import datetime

import pytest

from sanxiang.cases import services as case_services
from sanxiang.ledger.models import Entry
from sanxiang.publication import services
from sanxiang.publication.choices import Channel, PublicationStatus
from sanxiang.publication.models import Publication, PublicationRules
from sanxiang.publication.tests.conftest import publication_of
from sanxiang.testing import factories as f
from sanxiang.testing import flow

HOLIDAY_EVE = datetime.date(2026, 9, 28)  # a Monday before the National Day holiday of 2026


def test_a_penalty_decision_makes_a_pending_record_with_a_desensitized_first_draft(cast, decided):
    case = decided()
    publication = publication_of(case)
    version = publication.versions.get()
    party = case.parties.get()
    assert publication.status == PublicationStatus.PENDING
    assert publication.kind == "penalty"
    assert publication.document_number == case.decision_number
    assert publication.decision_date == case.decided_on
    assert party.id_number in version.source_text
    assert party.id_number not in version.text
    assert party.name not in version.text and version.party_label == party.name[0] + "某"
    assert version.conclusion.startswith("给予行政处罚：警告；罚款人民币5,000.00元")
    assert Entry.objects.filter(kind="publication.created", subject_id=str(publication.public_id)).exists()


def test_the_record_is_written_in_the_decisions_transaction(cast, new_case, day, monkeypatch):
    case = new_case()
    flow.to_notice(cast, case, day)
    case_services.run_transition(cast.officer_a, case.pk, "waive_statement", {"date": day.isoformat()})

    def broken(*args, **kwargs):
        raise RuntimeError("engine failure")

    monkeypatch.setattr(services, "record_decision", broken)
    with pytest.raises(RuntimeError):
        flow.decide(cast, case, day)
    case.refresh_from_db()
    assert case.state == "notice" and not Publication.objects.filter(case=case).exists()


def test_a_penalty_on_the_platform_is_due_in_7_working_days_across_the_national_day_holiday(cast, decided):
    PublicationRules.objects.create(body=cast.body_a, channel=Channel.PLATFORM)
    publication = publication_of(decided(on=HOLIDAY_EVE))
    assert (publication.due_date, publication.due_rule) == (datetime.date(2026, 10, 13), "DISC-01")


def test_a_market_supervision_penalty_on_necips_is_due_in_20_working_days(cast, decided):
    publication = publication_of(decided(on=HOLIDAY_EVE))
    assert publication.channel == Channel.NECIPS
    assert publication.due_rule == "DISC-03"
    assert publication.due_date == datetime.date(2026, 10, 30)


def test_other_decisions_are_due_in_20_working_days(db):
    rules = PublicationRules()
    due, _provisional, rule = services.publication_due(
        "no_penalty", "platform", "ordinary", [], rules, HOLIDAY_EVE
    )
    assert rule == "DISC-02" and due == datetime.date(2026, 10, 30)
    assert services.publication_due("coercion", "necips", "ordinary", [], rules, HOLIDAY_EVE)[2] == "DISC-02"


def test_the_deadlines_are_configurable_per_body(cast, decided):
    PublicationRules.objects.create(body=cast.body_a, channel=Channel.PLATFORM, penalty_workdays=2)
    publication = publication_of(decided(on=HOLIDAY_EVE))
    assert publication.due_date == datetime.date(2026, 9, 30)


def test_a_warning_only_penalty_of_a_market_supervision_body_stays_on_the_7_day_rule(db):
    rules = PublicationRules(channel=Channel.NECIPS)
    assert (
        services.publication_due("penalty", "necips", "ordinary", ["warning"], rules, HOLIDAY_EVE)[2]
        == "DISC-01"
    )
    assert (
        services.publication_due("penalty", "necips", "simplified", ["fine"], rules, HOLIDAY_EVE)[2]
        == "DISC-01"
    )


def test_disc11_a_minor_party_blocks_publication_from_the_start(cast, decided):
    minor = f.natural_party("王小宝") | {"id_number": f.id_number(birth="20120101"), "is_minor": "true"}
    publication = publication_of(decided(parties=[minor]))
    assert publication.status == PublicationStatus.BLOCKED
    assert publication.get_blocked_reason_display() == "当事人为未成年人"


def test_disc11_a_party_under_18_by_id_number_is_blocked_even_without_the_flag(cast, decided):
    young = f.natural_party("王小宝") | {"id_number": f.id_number(birth="20120101")}
    assert publication_of(decided(parties=[young])).blocked_reason == "minor"


def test_an_organisation_party_is_published_by_its_full_name(cast, decided):
    company = f.company_party("河津市龙门商贸有限公司")
    version = publication_of(decided(parties=[company])).versions.get()
    assert version.party_label == "河津市龙门商贸有限公司"
    assert "河津市龙门商贸有限公司" in version.text
    assert company["credit_code"] in version.text
