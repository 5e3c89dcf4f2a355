"""Prepare, approve, publish; DISC-09 diff check; withdrawal (DISC-05); versions; periods (DISC-06);
early removal (DISC-07); every action in the ledger."""

import datetime

import pytest

from sanxiang.cases import services as case_services
from sanxiang.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from sanxiang.ledger.models import Entry
from sanxiang.publication import selectors, services
from sanxiang.publication.choices import PublicationStatus, VersionState
from sanxiang.publication.models import Publication, SearchEntry
from sanxiang.publication.tests.conftest import publication_of

OUTCOME = {"source": "reconsideration", "document": "河政复决字〔2026〕7号", "reason": "复议决定"}


@pytest.fixture
def published(cast, decided, discloser):
    def make(**kwargs):
        publication = publication_of(decided(**kwargs))
        services.submit(discloser, publication.pk)
        return services.approve(cast.chief_a, publication.pk, "同意")

    return make


def ledger_kinds(publication):
    return list(
        Entry.objects.filter(subject_id=str(publication.public_id))
        .order_by("index")
        .values_list("kind", flat=True)
    )


def test_submit_and_approve_publish_the_version_index_it_and_write_the_ledger(cast, published):
    publication = published()
    version = selectors.published_version(publication)
    assert publication.status == PublicationStatus.PUBLISHED
    assert publication.published_on and publication.ends_on
    assert version.state == VersionState.PUBLISHED and version.decided_by == cast.chief_a
    assert SearchEntry.objects.filter(publication=publication).exists()
    assert ledger_kinds(publication) == [
        "publication.created",
        "publication.submitted",
        "publication.published",
    ]
    entry = Entry.objects.get(index=publication.ledger_index)
    assert version.text_sha256 in entry.payload and "王" not in entry.payload


def test_disclosure_staff_cannot_approve_and_the_head_cannot_prepare(cast, decided, discloser):
    publication = publication_of(decided())
    with pytest.raises(Forbidden):
        services.submit(cast.chief_a, publication.pk)
    services.submit(discloser, publication.pk)
    with pytest.raises(Forbidden):
        services.approve(discloser, publication.pk)


def test_another_bodys_staff_see_nothing(cast, decided, discloser_b):
    publication = publication_of(decided())
    with pytest.raises(NotFound):
        services.submit(discloser_b, publication.pk)
    with pytest.raises(NotFound):
        services.approve(cast.chief_b, publication.pk)


def test_staff_add_and_remove_redactions_and_the_log_records_who_did_what(cast, decided, discloser):
    publication = publication_of(decided())
    version = services.add_redaction(discloser, publication.pk, "过保质期")
    assert "过保质期" not in version.text
    assert any(r["origin"] == "manual" for r in version.redactions)
    party_position = next(i for i, r in enumerate(version.redactions) if r["kind"] == "party_name")
    version = services.remove_redaction(discloser, publication.pk, party_position)
    assert version.kept and version.kept[0]["kind"] == "party_name"
    assert "publication.redaction_added" in ledger_kinds(publication)
    with pytest.raises(InvalidInput):
        services.add_redaction(discloser, publication.pk, "原文中没有的话")


def test_disc09_approval_refuses_a_text_that_differs_beyond_the_logged_redactions(cast, decided, discloser):
    publication = publication_of(decided())
    services.submit(discloser, publication.pk)
    version = publication.versions.get()
    version.text = version.text.replace("5,000.00", "500.00")
    version.save()
    with pytest.raises(Conflict) as refused:
        services.approve(cast.chief_a, publication.pk)
    assert "DISC-09" in refused.value.message
    assert Publication.objects.get(pk=publication.pk).status == PublicationStatus.SUBMITTED


def test_approval_refuses_a_finding_that_was_dropped_without_review(cast, decided, discloser):
    publication = publication_of(decided())
    services.submit(discloser, publication.pk)
    version = publication.versions.get()
    version.redactions = [r for r in version.redactions if r["kind"] != "id_number"]
    version.text = services.engine.apply(version.source_text, services._redactions(version))
    version.save()
    with pytest.raises(Conflict) as refused:
        services.approve(cast.chief_a, publication.pk)
    assert "PUB-01" in refused.value.message


def test_the_head_can_return_a_version_for_rework(cast, decided, discloser):
    publication = publication_of(decided())
    services.submit(discloser, publication.pk)
    with pytest.raises(InvalidInput):
        services.reject(cast.chief_a, publication.pk, "")
    version = services.reject(cast.chief_a, publication.pk, "请核对地址")
    assert version.state == VersionState.DRAFT
    assert Publication.objects.get(pk=publication.pk).status == PublicationStatus.PENDING


def test_disc11_a_blocked_record_cannot_be_published_and_says_why(cast, decided, discloser):
    publication = publication_of(decided())
    services.block(discloser, publication.pk, "trade_secret")
    with pytest.raises(Conflict) as refused:
        services.submit(discloser, publication.pk)
    assert "DISC-11" in refused.value.message and "商业秘密" in refused.value.message


def test_blocking_a_published_record_takes_it_down(cast, published, discloser):
    publication = published()
    services.block(discloser, publication.pk, "privacy")
    assert not SearchEntry.objects.filter(publication=publication).exists()


def test_disc05_revoking_a_published_decision_owes_a_withdrawal_within_3_working_days(
    cast, published, discloser
):
    publication = published()
    today = datetime.date.today()
    case_services.run_transition(
        cast.chief_a, publication.case_id, "revoke_decision", {"date": today.isoformat(), **OUTCOME}
    )
    publication.refresh_from_db()
    assert publication.withdrawal_cause == "revoked"
    assert publication.withdrawal_due == services.add_workdays(today, 3).date
    assert any(a.status.deadline.rule == "DISC-05" for a in selectors.system_deadline_alerts(today))
    services.withdraw(discloser, publication.pk, "该决定已被行政复议撤销")
    publication.refresh_from_db()
    assert publication.status == PublicationStatus.WITHDRAWN and publication.withdrawn_on == today
    assert not SearchEntry.objects.filter(publication=publication).exists()
    assert selectors.withdrawals_on_time(cast.body_a.pk, today, today + datetime.timedelta(days=10)) == (1, 1)
    with pytest.raises(Conflict):
        services.revise(discloser, publication.pk, "重新公开")


def test_withdrawal_needs_a_public_reason_which_is_desensitized(cast, published, discloser):
    publication = published()
    with pytest.raises(InvalidInput):
        services.withdraw(discloser, publication.pk, " ")
    name = publication.case.parties.get().name
    services.withdraw(discloser, publication.pk, f"当事人{name}的决定被撤销，电话13900001111")
    publication.refresh_from_db()
    assert name not in publication.withdrawal_reason and "13900001111" not in publication.withdrawal_reason


def test_a_decision_revoked_before_publication_is_not_published(cast, decided, discloser):
    publication = publication_of(decided())
    case_services.run_transition(
        cast.chief_a,
        publication.case_id,
        "revoke_decision",
        {"date": datetime.date.today().isoformat(), **OUTCOME},
    )
    publication.refresh_from_db()
    assert publication.status == PublicationStatus.CANCELLED
    assert selectors.publication_on_time(
        cast.body_a.pk, publication.decision_date, publication.decision_date
    ) == (0, 0)


def test_a_changed_decision_is_withdrawn_then_published_again_as_a_new_version(cast, published, discloser):
    publication = published()
    today = datetime.date.today().isoformat()
    case_services.run_transition(
        cast.chief_a,
        publication.case_id,
        "change_decision",
        {"date": today, "penalty_kinds": ["warning", "fine"], "fine_amount": "3000", **OUTCOME},
    )
    publication.refresh_from_db()
    draft = selectors.working_version(publication)
    assert draft.number == 2 and "3,000.00" in draft.text and "变更情况" in draft.text
    services.submit(discloser, publication.pk)
    with pytest.raises(Conflict) as refused:
        services.approve(cast.chief_a, publication.pk)
    assert "DISC-05" in refused.value.message
    services.withdraw(discloser, publication.pk, "原处罚决定已被复议机关变更")
    services.approve(cast.chief_a, publication.pk)
    publication.refresh_from_db()
    assert publication.status == PublicationStatus.PUBLISHED and publication.published_version == 2
    assert [v.state for v in publication.versions.order_by("number")] == ["superseded", "published"]
    assert "3,000.00" in SearchEntry.objects.get(publication=publication).folded


def test_revise_makes_a_new_draft_while_the_published_version_stays_public(cast, published, discloser):
    publication = published()
    version = services.revise(discloser, publication.pk, "更正错别字")
    assert version.number == 2 and version.state == VersionState.DRAFT
    publication.refresh_from_db()
    assert publication.status == PublicationStatus.PUBLISHED and publication.published_version == 1


def test_disc06_a_small_fine_ends_after_3_months_and_leaves_search(cast, published):
    publication = published(penalty_kinds=["warning", "fine"], fine_amount="5000")
    assert publication.ends_on == services.add_months(publication.published_on, 3).date
    assert services.end_periods(publication.ends_on - datetime.timedelta(days=1)) == 0
    assert services.end_periods(publication.ends_on) == 1
    publication.refresh_from_db()
    assert publication.status == PublicationStatus.ENDED
    assert not SearchEntry.objects.filter(publication=publication).exists()


def test_disc06_a_large_fine_is_published_for_3_years(db):
    rules = services.PublicationRules()
    publication = Publication(penalty_kinds=["fine"], fine_amount=50000)
    start = datetime.date(2026, 3, 2)
    assert services.period_end(publication, rules, start) == datetime.date(2029, 3, 2)
    publication.penalty_kinds = ["criticism"]
    assert services.period_end(publication, rules, start) == datetime.date(2026, 6, 2)


def test_disc07_early_removal_of_a_license_revocation_is_refused_at_once(cast, published, discloser):
    publication = published()
    Publication.objects.filter(pk=publication.pk).update(penalty_kinds=["revoke_license"])
    removal = services.request_early_removal(discloser, publication.pk, "已整改完毕，申请信用修复")
    assert removal.status == "refused" and removal.rule == "DISC-07"
    assert "吊销许可证件" in removal.decision_note


def test_an_accepted_early_removal_takes_the_decision_down(cast, published, discloser):
    publication = published()
    removal = services.request_early_removal(discloser, publication.pk, "已整改完毕，申请信用修复")
    assert removal.status == "pending"
    with pytest.raises(Forbidden):
        services.decide_early_removal(discloser, removal.pk, True)
    services.decide_early_removal(cast.chief_a, removal.pk, True, "符合信用修复条件")
    publication.refresh_from_db()
    assert publication.status == PublicationStatus.REMOVED
    assert not SearchEntry.objects.filter(publication=publication).exists()
    assert "publication.removal_decided" in ledger_kinds(publication)


def test_indicators_count_on_time_and_late_publications(cast, decided, discloser):
    on_time = publication_of(decided())
    services.submit(discloser, on_time.pk)
    services.approve(cast.chief_a, on_time.pk)
    publication_of(decided(on=datetime.date.today() - datetime.timedelta(days=60)))  # overdue, unpublished
    start, end = datetime.date.today() - datetime.timedelta(days=90), datetime.date.today()
    assert selectors.publication_on_time(cast.body_a.pk, start, end) == (1, 2)
    assert selectors.publication_on_time(cast.body_b.pk, start, end) == (0, 0)
    assert selectors.overdue_unpublished(cast.body_a.pk, end) == 1


def test_the_deadline_scan_shows_due_soon_and_overdue_records_to_the_body_only(cast, decided, discloser):
    publication = publication_of(decided(on=datetime.date.today() - datetime.timedelta(days=60)))
    today = datetime.date.today()
    alerts = selectors.deadline_alerts(discloser, today)
    assert [a.status.light for a in alerts] == ["red"]
    assert alerts[0].status.deadline.publication == publication
    assert alerts[0].case.pk == publication.case_id
    assert selectors.deadline_alerts(cast.officer_b, today) == []
    assert selectors.system_deadline_alerts(publication.due_date - datetime.timedelta(days=40)) == []
    yellow = selectors.system_deadline_alerts(publication.due_date - datetime.timedelta(days=1))
    assert [a.status.light for a in yellow] == ["yellow"]


def test_the_body_deadline_scan_and_my_cases_include_overdue_publications(cast, decided, client, capsys):
    """cases.deadline_alerts: the cases app's scan, `sanxiang deadlines scan` and "my cases" show them."""
    from django.core.management import call_command

    from sanxiang.cases import selectors as case_selectors

    publication = publication_of(decided(on=datetime.date.today() - datetime.timedelta(days=60)))
    today = datetime.date.today()
    kinds = [a.status.deadline.get_kind_display() for a in case_selectors.system_deadline_alerts(today)]
    assert "决定公开期限" in kinds
    assert "决定公开期限" in [
        a.status.deadline.get_kind_display() for a in case_selectors.deadline_alerts(cast.chief_a, today)
    ]
    assert "决定公开期限" not in [
        a.status.deadline.get_kind_display() for a in case_selectors.deadline_alerts(cast.officer_b, today)
    ]
    call_command("deadlines", "scan")
    assert "决定公开期限(DISC-0" in capsys.readouterr().out
    client.force_login(cast.chief_a)
    page = client.get("/cases/mine/").content.decode()
    assert "决定公开期限" in page and publication.case.display_number in page
