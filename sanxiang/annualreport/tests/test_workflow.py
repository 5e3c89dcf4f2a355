"""Draft -> approved -> published: snapshots, hand-entered lines, approval rules, ledger entries."""

import datetime

import pytest

from sanxiang.annualreport import figures, services
from sanxiang.annualreport.choices import ReportStatus
from sanxiang.annualreport.models import AnnualReport
from sanxiang.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from sanxiang.ledger.models import Entry

from .conftest import on_the_spot

pytestmark = pytest.mark.django_db


def complete(**extra) -> dict:
    return dict.fromkeys(figures.MANUAL_CODES, 0) | {"narrative": "本年度依法开展行政执法工作。"} | extra


def draft(user, body, year) -> AnnualReport:
    return services.generate_report(user, {"year": year, "body": body.pk if body else None})


def test_a_draft_snapshots_the_figures_and_regenerating_takes_a_new_snapshot(cast, discloser_a, year):
    report = draft(discloser_a, cast.body_a, year)
    assert report.status == ReportStatus.DRAFT and report.figures["penalty_decisions"] == 0
    assert report.manual == dict.fromkeys(figures.MANUAL_CODES)
    on_the_spot(cast, datetime.date(year, 6, 1), "No.W0001")
    report.refresh_from_db()
    assert report.figures["penalty_decisions"] == 0  # the snapshot does not follow live data
    report = services.regenerate_report(discloser_a, report.pk)
    assert report.figures["penalty_decisions"] == 1 and report.figures["penalty_warning"] == 1
    steps = list(report.events.values_list("step", flat=True))
    assert steps == ["generated", "regenerated"]
    kinds = Entry.objects.filter(subject_id=str(report.public_id)).values_list("kind", flat=True)
    assert list(kinds) == ["annualreport.generated", "annualreport.regenerated"]


def test_a_year_has_one_report_per_body_and_must_be_over(cast, discloser_a, year):
    draft(discloser_a, cast.body_a, year)
    with pytest.raises(Conflict):
        draft(discloser_a, cast.body_a, year)
    with pytest.raises(InvalidInput, match="尚未结束"):
        draft(discloser_a, cast.body_a, year + 1)
    with pytest.raises(InvalidInput):
        services.generate_report(discloser_a, {"year": "去年", "body": cast.body_a.pk})
    assert AnnualReport.objects.count() == 1


def test_approval_needs_every_hand_entered_line_and_the_narrative(cast, discloser_a, year):
    """STAT-03: a category without acts is reported as 0, never blank."""
    report = draft(discloser_a, cast.body_a, year)
    with pytest.raises(Conflict, match="STAT-03") as refused:
        services.approve_report(cast.chief_a, report.pk)
    assert "受理行政许可申请" in refused.value.fields["__all__"]
    assert "年度工作情况说明" in refused.value.fields["__all__"]
    services.update_draft(discloser_a, report.pk, complete(permit_applications=None))
    with pytest.raises(Conflict, match="受理行政许可申请"):
        services.approve_report(cast.chief_a, report.pk)
    services.update_draft(discloser_a, report.pk, {"permit_applications": 12})
    report = services.approve_report(cast.chief_a, report.pk)
    assert report.status == ReportStatus.APPROVED and report.approved_by == cast.chief_a
    assert report.manual["permit_applications"] == 12 and report.content_sha256 == services.content_hash(
        report
    )


def test_only_the_given_lines_change_and_bad_input_changes_nothing(cast, discloser_a, year):
    report = draft(discloser_a, cast.body_a, year)
    services.update_draft(discloser_a, report.pk, {"permit_granted": 3, "narrative": "说明"})
    services.update_draft(discloser_a, report.pk, {"permit_refused": 1})
    report.refresh_from_db()
    assert (report.manual["permit_granted"], report.manual["permit_refused"], report.narrative) == (
        3,
        1,
        "说明",
    )
    for bad in ({"permit_granted": -1}, {"permit_granted": "三"}, {"narrative": "联系人电话 13812345678"}):
        with pytest.raises(InvalidInput):
            services.update_draft(discloser_a, report.pk, bad)
    with pytest.raises(InvalidInput) as refused:
        services.update_draft(discloser_a, report.pk, {"narrative": "当事人身份证 140882198503120011"})
    assert "PUB-01" in refused.value.fields["narrative"][0]
    report.refresh_from_db()
    assert report.manual["permit_granted"] == 3 and report.narrative == "说明"


def test_an_approved_report_is_fixed_until_the_approver_sends_it_back(cast, discloser_a, year):
    report = draft(discloser_a, cast.body_a, year)
    services.update_draft(discloser_a, report.pk, complete())
    services.approve_report(cast.chief_a, report.pk)
    for change in (
        lambda: services.update_draft(discloser_a, report.pk, {"permit_granted": 9}),
        lambda: services.regenerate_report(discloser_a, report.pk),
        lambda: services.approve_report(cast.chief_a, report.pk),
    ):
        with pytest.raises(Conflict):
            change()
    with pytest.raises(InvalidInput):
        services.reopen_report(cast.chief_a, report.pk, {"reason": " "})
    with pytest.raises(Forbidden):
        services.reopen_report(discloser_a, report.pk, {"reason": "数据有误"})
    report = services.reopen_report(cast.chief_a, report.pk, {"reason": "许可数据有误"})
    assert report.status == ReportStatus.DRAFT and report.approved_by is None and not report.content_sha256
    assert report.events.last().note == "许可数据有误"


def test_publishing_needs_approval_and_records_the_day(cast, discloser_a, year):
    report = draft(discloser_a, cast.body_a, year)
    services.update_draft(discloser_a, report.pk, complete())
    with pytest.raises(Conflict):
        services.publish_report(discloser_a, report.pk)
    services.approve_report(cast.chief_a, report.pk)
    report = services.publish_report(discloser_a, report.pk)
    assert report.status == ReportStatus.PUBLISHED and report.published_by == discloser_a
    with pytest.raises(Conflict):
        services.publish_report(discloser_a, report.pk)
    kinds = Entry.objects.filter(subject_id=str(report.public_id)).values_list("kind", flat=True)
    assert list(kinds) == [
        "annualreport.generated",
        "annualreport.edited",
        "annualreport.approved",
        "annualreport.published",
    ]
    entry = Entry.objects.get(subject_id=str(report.public_id), kind="annualreport.published")
    assert report.content_sha256 in entry.payload and report.events.last().ledger_index == entry.index


def test_a_failed_ledger_write_leaves_the_report_unchanged(cast, discloser_a, year, monkeypatch):
    report = draft(discloser_a, cast.body_a, year)
    services.update_draft(discloser_a, report.pk, complete())

    def broken(*args, **kwargs):
        raise RuntimeError("ledger unavailable")

    monkeypatch.setattr(services, "ledger_append", broken)
    with pytest.raises(RuntimeError):
        services.approve_report(cast.chief_a, report.pk)
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT and report.approved_on is None
    assert report.events.count() == 2


def test_the_roles_a_body_s_report_needs(cast, discloser_a, year):
    with pytest.raises(Forbidden):
        draft(cast.chief_a, cast.body_a, year)  # the head approves; disclosure staff prepare
    with pytest.raises(Forbidden):
        draft(cast.supervisor, cast.body_a, year)  # the bureau reads a body's report, never writes it
    report = draft(discloser_a, cast.body_a, year)
    services.update_draft(discloser_a, report.pk, complete())
    with pytest.raises(Forbidden):
        services.approve_report(discloser_a, report.pk)
    with pytest.raises(Forbidden):
        services.approve_report(cast.supervisor, report.pk)
    with pytest.raises(NotFound):
        services.approve_report(cast.chief_b, report.pk)  # another body's report is "missing"
    services.approve_report(cast.chief_a, report.pk)
    assert services.publish_report(cast.chief_a, report.pk).status == ReportStatus.PUBLISHED


def test_the_city_report_is_the_bureau_s_and_starts_from_the_bodies_entries(
    cast, discloser_a, discloser_b, year
):
    a = draft(discloser_a, cast.body_a, year)
    services.update_draft(discloser_a, a.pk, {"permit_applications": 10, "litigation_received": 1})
    b = draft(discloser_b, cast.body_b, year)
    services.update_draft(discloser_b, b.pk, {"permit_applications": 5})
    with pytest.raises(NotFound):
        draft(discloser_a, None, year)
    city = draft(cast.supervisor, None, year)
    assert city.body is None and city.manual["permit_applications"] == 15
    assert city.manual["litigation_received"] == 1 and city.manual["permit_granted"] is None
    services.update_draft(cast.supervisor, city.pk, complete(permit_applications=15))
    with pytest.raises(NotFound):
        services.approve_report(cast.chief_a, city.pk)
    city = services.approve_report(cast.supervisor, city.pk)
    assert city.status == ReportStatus.APPROVED and str(city) == f"全市 {year} 年度行政执法统计年报"
