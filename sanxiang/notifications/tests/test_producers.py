"""The producers reach the people who must act: reminders (issue 6 §2), SUP-02 escalations, complaints."""

import datetime
from collections import defaultdict

import pytest
from django.core import mail
from django.db import transaction

from sanxiang.core import hooks
from sanxiang.evaluation import services as evaluation
from sanxiang.notifications.choices import Kind
from sanxiang.notifications.models import Notification
from sanxiang.orgs.choices import Role
from sanxiang.supervision import services as supervision
from sanxiang.supervision.models import Reminder
from sanxiang.supervision.tests.support import fill, open_campaign
from sanxiang.testing import factories as f

pytestmark = pytest.mark.django_db
MAY_2 = datetime.date(2026, 5, 2)
PII = {
    "name": "欧阳娜娜",
    "phone": "13912345678",
    "content": "执法人员未出示证件，身份证号 140882198503120017。",
}


def inbox(user, kind):
    return list(Notification.objects.filter(user=user, kind=kind).order_by("id"))


def test_a_late_body_s_filers_are_reminded_once_per_reminder(cast, django_capture_on_commit_callbacks):
    discloser_b = f.make_user("b.discloser", Role.DISCLOSURE_STAFF, body=cast.body_b)
    discloser_b.email = "gongshi@hejin-hb.example.gov.cn"
    discloser_b.save(update_fields=["email"])
    campaign = open_campaign(cast, cast.body_a, cast.body_b)
    filed = campaign.reports.get(body=cast.body_a)
    fill(cast.chief_a, filed)
    supervision.submit_report(cast.chief_a, filed.pk, today=datetime.date(2026, 4, 20))
    with django_capture_on_commit_callbacks(execute=True):
        (reminder,) = supervision.remind_overdue(MAY_2)
    late = campaign.reports.get(body=cast.body_b)
    for user in (cast.chief_b, discloser_b):  # both hold SELF_INSPECTION_FILE in body B
        (note,) = inbox(user, Kind.SELF_INSPECTION_OVERDUE)
        assert note.body == reminder.message and "已逾期 2 日" in note.body
        assert note.link == f"/supervision/reports/{late.pk}/" and note.subject_id == str(late.public_id)
    for user in (cast.officer_b, cast.chief_a, cast.supervisor, cast.nobody):
        assert inbox(user, Kind.SELF_INSPECTION_OVERDUE) == []
    assert [m.to for m in mail.outbox] == [["gongshi@hejin-hb.example.gov.cn"]]
    assert supervision.remind_overdue(MAY_2) == []  # a rerun the same day: no reminder, no notification
    supervision.remind_overdue(MAY_2 + datetime.timedelta(days=1))
    assert len(inbox(cast.chief_b, Kind.SELF_INSPECTION_OVERDUE)) == 2  # one per reminder, i.e. per day


def test_a_reminder_rolled_back_leaves_no_notification(cast, monkeypatch):
    open_campaign(cast, cast.body_b)

    def fail(**kwargs):
        assert Notification.objects.exists()  # written by the notifications handler, registered first
        raise RuntimeError("a later step of the reminder failed")

    handlers = defaultdict(list, hooks._handlers)
    handlers["supervision.reminder_created"] = [*hooks._handlers["supervision.reminder_created"], fail]
    monkeypatch.setattr(hooks, "_handlers", handlers)
    with pytest.raises(RuntimeError):
        supervision.remind_overdue(MAY_2)
    assert not Notification.objects.exists() and not Reminder.objects.exists()


@pytest.fixture
def rectification(cast):
    draft = evaluation.create_notice(
        cast.supervisor,
        {
            "kind": "rectification",
            "body": cast.body_a.pk,
            "title": "关于河津市市场监督管理局案卷评查问题的整改通知",
            "text": "经案卷评查，发现以下问题，请限期整改。",
            "items": "告知书未载明听证权利\n部分案卷缺少送达回证",
        },
    )
    return evaluation.issue_notice(cast.supervisor, draft, {"date": "2026-06-01"})


def test_sup_02_escalation_tells_the_body_s_responders_and_head_and_the_bureau(cast, rectification):
    late = rectification.items.last().deadline + datetime.timedelta(days=1)
    escalations = evaluation.escalate_overdue(late)
    criticism = escalations[0].criticism
    (to_body,) = inbox(cast.chief_a, Kind.RECTIFICATION_ESCALATED)
    assert "2 项整改事项" in to_body.title and "SUP-02" in to_body.body and "缺少送达回证" in to_body.body
    assert to_body.link == f"/evaluation/notices/{rectification.pk}/"  # the draft is not theirs to open
    (to_bureau,) = inbox(cast.supervisor, Kind.RECTIFICATION_ESCALATED)
    assert to_bureau.link == f"/evaluation/notices/{criticism.pk}/" and "草稿待审核" in to_bureau.title
    for user in (cast.officer_a, cast.head_a, cast.chief_b, cast.nobody):
        assert inbox(user, Kind.RECTIFICATION_ESCALATED) == []
    assert evaluation.escalate_overdue(late + datetime.timedelta(days=3)) == []
    assert Notification.objects.filter(kind=Kind.RECTIFICATION_ESCALATED).count() == 2


def test_a_complaint_reaches_the_handlers_of_the_body_it_is_routed_to(cast):
    complaint = evaluation.submit_complaint(
        {"kind": "complaint", "about_body": str(cast.body_a.pk), "subject": "执法不规范", **PII}
    )
    (note,) = inbox(cast.chief_a, Kind.COMPLAINT_ROUTED)
    assert note.link == f"/evaluation/complaints/{complaint.pk}/" and "河津市市场监督管理局办理" in note.body
    for secret in (*PII.values(), "执法不规范", complaint.tracking_code):  # kept out of e-mail (PUB-01)
        assert secret not in note.title + note.body
    for user in (cast.chief_b, cast.supervisor, cast.officer_a):
        assert inbox(user, Kind.COMPLAINT_ROUTED) == []
    evaluation.transfer(cast.supervisor, complaint, {"body": cast.body_b.pk, "note": "属生态环境局职责"})
    (moved,) = inbox(cast.chief_b, Kind.COMPLAINT_ROUTED)
    assert "已转由河津市生态环境局办理" in moved.body
    evaluation.transfer(cast.chief_b, complaint, {"note": "非本单位职责"})
    (back,) = inbox(cast.supervisor, Kind.COMPLAINT_ROUTED)
    assert "市司法局" in back.body


def test_a_complaint_naming_no_body_reaches_the_bureau(cast):
    with transaction.atomic():
        evaluation.submit_complaint({"kind": "report", "about_body": "", "subject": "乱罚款", **PII})
    assert len(inbox(cast.supervisor, Kind.COMPLAINT_ROUTED)) == 1
    assert not Notification.objects.exclude(user=cast.supervisor).exists()
