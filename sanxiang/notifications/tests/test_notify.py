"""notify(): rows in the caller's transaction, e-mail only after commit, failures recorded, idempotent."""

import datetime

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from sanxiang.notifications import services
from sanxiang.notifications.choices import EmailStatus, Kind
from sanxiang.notifications.models import Notification

pytestmark = pytest.mark.django_db
FAILING = "sanxiang.notifications.tests.failing_backend.EmailBackend"


def _send(users, **extra):
    return services.notify(
        users, Kind.COMPLAINT_ROUTED, "投诉举报待办理", "请受理。", "/evaluation/complaints/1/", **extra
    )


@pytest.fixture
def mailed(cast):
    cast.chief_a.email = "chief.a@hejin.example.gov.cn"
    cast.chief_a.save(update_fields=["email"])
    return cast.chief_a


def test_the_e_mail_leaves_only_after_the_callers_transaction_commits(
    mailed, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        (sent,) = _send([mailed])
        assert sent.email_status == EmailStatus.PENDING and mail.outbox == []
    assert len(callbacks) == 1
    assert [m.to for m in mail.outbox] == [["chief.a@hejin.example.gov.cn"]]
    assert mail.outbox[0].subject == "【三项】投诉举报待办理"
    assert "/evaluation/complaints/1/" in mail.outbox[0].body
    sent.refresh_from_db()
    assert sent.email_status == EmailStatus.SENT and sent.email_attempts == 1 and sent.email_sent_at


def test_a_rollback_writes_no_row_and_sends_nothing(mailed, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        _send([mailed])
        raise RuntimeError("the producer failed after notifying")
    assert callbacks == [] and mail.outbox == [] and not Notification.objects.exists()


def test_a_failing_mail_server_is_recorded_and_never_reaches_the_caller(
    mailed, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = FAILING
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        (sent,) = _send([mailed])
    sent.refresh_from_db()
    assert sent.email_status == EmailStatus.FAILED and sent.email_attempts == 1
    assert "ConnectionRefusedError" in sent.email_error
    assert sent.read_at is None  # still in the inbox: the in-app channel does not depend on e-mail


def test_failed_e_mails_are_retried_by_the_job_up_to_three_times(mailed, settings):
    settings.EMAIL_BACKEND = FAILING
    (sent,) = _send([mailed])
    later = timezone.now() + datetime.timedelta(minutes=10)
    assert services.deliver_pending(now=timezone.now()) == {"sent": 0, "failed": 0}  # too fresh
    for _ in range(4):
        services.deliver_pending(now=later)
    sent.refresh_from_db()
    assert sent.email_status == EmailStatus.FAILED and sent.email_attempts == services.MAX_ATTEMPTS
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    Notification.objects.filter(pk=sent.pk).update(email_attempts=0)
    assert services.deliver_pending(now=later) == {"sent": 1, "failed": 0}
    sent.refresh_from_db()
    assert sent.email_status == EmailStatus.SENT and len(mail.outbox) == 1


def test_users_without_an_address_or_with_e_mail_off_get_the_inbox_only(
    cast, mailed, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        no_address = _send([cast.officer_a])
    settings.SANXIANG_NOTIFY_EMAIL = False
    with django_capture_on_commit_callbacks(execute=True):
        switched_off = _send([mailed])
    assert [n.email_status for n in no_address + switched_off] == [EmailStatus.SKIPPED] * 2
    assert mail.outbox == []


def test_one_row_per_active_user_and_a_repeated_key_adds_nothing(cast):
    cast.officer_a2.is_active = False
    cast.officer_a2.save(update_fields=["is_active"])
    first = _send([cast.chief_a, cast.chief_a, cast.officer_a, cast.officer_a2], key="reminder:1")
    assert {n.user for n in first} == {cast.chief_a, cast.officer_a}
    assert _send([cast.chief_a, cast.officer_a], key="reminder:1") == []
    assert len(_send([cast.chief_a], key="reminder:2")) == 1
    assert len(_send([cast.chief_a])) == len(_send([cast.chief_a])) == 1  # no key: no deduplication
    assert Notification.objects.filter(user=cast.chief_a).count() == 4
