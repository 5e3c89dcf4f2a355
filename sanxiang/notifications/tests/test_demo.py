"""The demo city shows notifications without extra seeding: reminders, the SUP-02 escalation of the
overdue rectification notice and routed complaints produce them."""

import pytest

from sanxiang.demo.tests.conftest import demo  # noqa: F401 (module fixture)
from sanxiang.notifications.choices import Kind
from sanxiang.notifications.models import Notification
from sanxiang.orgs import permissions as perm
from sanxiang.orgs.access import can
from sanxiang.supervision.models import Reminder

pytestmark = pytest.mark.django_db


def test_the_demo_city_has_reminders_escalations_and_complaints_in_the_right_inboxes(demo):  # noqa: F811
    reminders = list(Reminder.objects.select_related("report__body"))
    assert reminders, "the supervision demo reminds the late bodies"
    for reminder in reminders:
        report = reminder.report
        told = Notification.objects.filter(
            kind=Kind.SELF_INSPECTION_OVERDUE, key=f"supervision.reminder:{reminder.pk}"
        ).select_related("user")
        assert told, f"nobody was told of {report.body}'s reminder"
        assert all(can(n.user, perm.SELF_INSPECTION_FILE, report.body_id) for n in told)
        assert {n.subject_id for n in told} == {str(report.public_id)}
    assert Notification.objects.filter(kind=Kind.COMPLAINT_ROUTED).exists()
    escalated = Notification.objects.filter(kind=Kind.RECTIFICATION_ESCALATED).select_related("user")
    assert escalated, "the demo's overdue rectification notice is escalated (SUP-02)"
    assert any(can(n.user, perm.SUPERVISION_MANAGE, None) for n in escalated)
