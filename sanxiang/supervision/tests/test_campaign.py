"""The look-back campaign: opening, checklist, self-inspection reports, recording, returns, reminders."""

import datetime
import io

import docx
import pytest
from django.core.management import call_command
from pypdf import PdfReader

from sanxiang.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from sanxiang.ledger.models import Entry
from sanxiang.orgs.models import Credential
from sanxiang.supervision import export, selectors, services
from sanxiang.supervision.choices import Assessment, ReportStatus
from sanxiang.supervision.models import Campaign, ChecklistTemplateItem, Reminder, SelfInspectionReport

from .support import fill, open_campaign

pytestmark = pytest.mark.django_db
APRIL = datetime.date(2026, 4, 20)


def test_opening_a_campaign_copies_the_default_checklist_and_creates_a_report_per_body(cast):
    campaign = open_campaign(cast, cast.body_a, cast.body_b)
    assert campaign.due_on == datetime.date(2026, 4, 30)
    assert (campaign.inspection_start, campaign.inspection_end) == (
        datetime.date(2026, 5, 1),
        datetime.date(2026, 5, 31),
    )
    assert campaign.items.count() == ChecklistTemplateItem.objects.count() == 19
    assert campaign.items.get(number=14).indicator_codes == ["rev_missing"]
    reports = list(campaign.reports.order_by("body__name"))
    assert {r.body for r in reports} == {cast.body_a, cast.body_b}
    assert all(r.status == ReportStatus.NOT_STARTED and r.events.count() == 1 for r in reports)
    assert Entry.objects.filter(
        kind="supervision.campaign_opened", subject_id=str(campaign.public_id)
    ).exists()


def test_only_the_bureau_opens_campaigns_and_bad_input_writes_nothing(cast):
    with pytest.raises(Forbidden):
        open_campaign(cast, cast.body_a) if False else services.open_campaign(
            cast.chief_a, {"title": "x", "bodies": [cast.body_a.pk]}
        )
    with pytest.raises(InvalidInput) as refused:
        open_campaign(cast, title="", inspection_start="2026-04-01")
    assert set(refused.value.fields) >= {"title", "bodies", "inspection_start"}
    assert (
        not Campaign.objects.exists() and not Entry.objects.filter(kind__startswith="supervision.").exists()
    )


def test_the_checklist_is_editable_until_a_report_is_submitted(cast):
    campaign = open_campaign(cast, cast.body_a)
    item = services.save_checklist_item(
        cast.supervisor,
        campaign.pk,
        {"number": 20, "section": "work", "text": "落实行政执法责任制", "indicator_codes": "cases_overdue"},
    )
    assert item.indicator_codes == ["cases_overdue"]
    with pytest.raises(InvalidInput):
        services.save_checklist_item(
            cast.supervisor, campaign.pk, {"number": 20, "section": "work", "text": "重复序号"}
        )
    with pytest.raises(InvalidInput):
        services.save_checklist_item(
            cast.supervisor,
            campaign.pk,
            {"number": 21, "section": "work", "text": "x", "indicator_codes": "nope"},
        )
    services.remove_checklist_item(cast.supervisor, campaign.pk, item.pk)
    report = campaign.reports.get()
    fill(cast.chief_a, report)
    services.submit_report(cast.chief_a, report.pk, today=APRIL)
    with pytest.raises(Conflict):
        services.save_checklist_item(
            cast.supervisor, campaign.pk, {"number": 30, "section": "work", "text": "晚了"}
        )


def test_a_body_fills_submits_and_the_bureau_records_with_full_history(cast):
    report = open_campaign(cast, cast.body_a).reports.get()
    with pytest.raises(Conflict):
        services.submit_report(cast.chief_a, report.pk, today=APRIL)  # nothing written yet
    measure = {
        "item": str(report.campaign.items.get(number=11).pk),
        "measure": "年内补配执法记录仪 2 台",
        "owner": "办公室 王某",
        "deadline": "2026-06-30",
    }
    fill(cast.chief_a, report, measures=[measure], overrides={11: Assessment.PARTIAL})
    report = services.submit_report(cast.chief_a, report.pk, today=APRIL)
    assert (report.status, report.submissions, report.submitted_on) == (ReportStatus.SUBMITTED, 1, APRIL)
    assert "cred_valid" in report.indicators_at_submission
    with pytest.raises(Conflict):
        services.save_report(cast.chief_a, report.pk, {"narrative": "改"})  # submitted: locked
    with pytest.raises(Forbidden):
        services.record_report(cast.chief_a, report.pk)
    report = services.record_report(cast.supervisor, report.pk, "同意备案", today=APRIL)
    assert report.status == ReportStatus.RECORDED
    actions = list(report.events.values_list("action", "from_status", "to_status"))
    assert actions == [
        ("opened", "", "not_started"),
        ("saved", "not_started", "draft"),
        ("submitted", "draft", "submitted"),
        ("recorded", "submitted", "recorded"),
    ]
    indexes = [e.ledger_index for e in report.events.all()]
    assert all(i is not None for i in indexes)
    assert Entry.objects.get(index=indexes[-1]).kind == "supervision.report_recorded"


def test_a_shortfall_needs_its_problems_and_a_rectification_measure(cast):
    report = open_campaign(cast, cast.body_a).reports.get()
    fill(cast.chief_a, report, overrides={11: Assessment.NOT_DONE})
    with pytest.raises(Conflict) as refused:
        services.submit_report(cast.chief_a, report.pk, today=APRIL)
    assert any("第 11 项" in p and "整改措施" in p for p in refused.value.fields["__all__"])
    with pytest.raises(InvalidInput):
        services.save_report(
            cast.chief_a,
            report.pk,
            {"measures": [{"measure": "补配", "owner": "", "deadline": "2026-13-01"}]},
        )


def test_a_returned_report_is_revised_and_submitted_again(cast):
    report = open_campaign(cast, cast.body_a).reports.get()
    fill(cast.chief_a, report)
    services.submit_report(cast.chief_a, report.pk, today=APRIL)
    with pytest.raises(InvalidInput):
        services.return_report(cast.supervisor, report.pk, " ")
    report = services.return_report(cast.supervisor, report.pk, "第 10 项佐证材料不足，请补充", today=APRIL)
    assert report.status == ReportStatus.RETURNED and report.return_reason.startswith("第 10 项")
    fill(cast.chief_a, report)
    report = services.submit_report(cast.chief_a, report.pk, today=APRIL + datetime.timedelta(days=2))
    assert (report.status, report.submissions) == (ReportStatus.SUBMITTED, 2)
    assert [e.action for e in report.events.all()][-3:] == ["returned", "saved", "submitted"]


def test_the_form_shows_the_indicator_beside_the_self_assessment_and_flags_contradictions(cast):
    report = open_campaign(cast, cast.body_a, period_end="2026-11-29").reports.get()
    officer = cast.officers_a[0]
    Credential.objects.filter(officer=officer).update(status="suspended")
    fill(cast.chief_a, report)
    views = {v.item.number: v for v in selectors.report_items(report)}
    cred = views[4]
    assert cred.indicators[0]["code"] == "cred_valid" and cred.indicators[0]["status"] == "fail"
    assert cred.contradiction.startswith("自评“已落实”，但指标未达标")
    assert views[5].indicators == [] and views[5].contradiction == ""
    fill(cast.chief_a, report, overrides={4: Assessment.PARTIAL})
    assert selectors.report_items(report)[3].contradiction == ""


def test_reports_are_seen_by_their_body_and_the_bureau_only(cast):
    report = open_campaign(cast, cast.body_a).reports.get()
    assert selectors.report_for(cast.supervisor, report.pk) == report
    assert selectors.report_for(cast.chief_a, report.pk) == report
    for outsider in (cast.chief_b, cast.nobody, cast.officer_a):
        with pytest.raises(NotFound):
            selectors.report_for(outsider, report.pk)
    with pytest.raises(Forbidden):
        services.save_report(cast.supervisor, report.pk, {"narrative": "代填"})


def test_late_bodies_are_reminded_once_a_day(cast, capsys):
    campaign = open_campaign(cast, cast.body_a, cast.body_b)
    filed = campaign.reports.get(body=cast.body_a)
    fill(cast.chief_a, filed)
    services.submit_report(cast.chief_a, filed.pk, today=APRIL)
    assert services.remind_overdue(datetime.date(2026, 4, 30)) == []  # not late on the due date
    may_2 = datetime.date(2026, 5, 2)
    sent = services.remind_overdue(may_2)
    assert [r.report.body for r in sent] == [cast.body_b] and "已逾期 2 日" in sent[0].message
    assert services.remind_overdue(may_2) == []
    call_command("supervision", "remind", "--date", "2026-05-03")
    assert Reminder.objects.count() == 2
    call_command("supervision", "remind", "--date", "2026-05-03")
    assert Reminder.objects.count() == 2
    late = SelfInspectionReport.objects.get(body=cast.body_b)
    assert [e.action for e in late.events.all()].count("reminded") == 2


def test_the_report_exports_as_docx_and_pdf_with_its_text(cast):
    report = open_campaign(cast, cast.body_a).reports.get()
    fill(cast.chief_a, report)
    report = services.submit_report(cast.chief_a, report.pk, today=APRIL)
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(export.render_docx(report))).paragraphs)
    tables = docx.Document(io.BytesIO(export.render_docx(report))).tables
    assert "自查报告" in text and "我局对照通知要求逐项开展自查" in text
    assert any("编制《行政执法事项清单》" in c.text for c in tables[0].columns[1].cells)
    pdf = PdfReader(io.BytesIO(export.render_pdf(report)))
    content = "".join(page.extract_text() for page in pdf.pages)
    assert "自查报告" in content and "我局对照通知要求" in content
