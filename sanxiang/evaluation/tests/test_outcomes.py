"""The closed loop issue -> respond -> verify -> close (SUP-01) and escalation when overdue (SUP-02)."""

import datetime
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from sanxiang.core.errors import Conflict, Forbidden, NotFound
from sanxiang.evaluation import selectors, services
from sanxiang.evaluation.models import Escalation, Notice
from sanxiang.ledger.models import Entry
from sanxiang.workdays.selectors import add_calendar_days

pytestmark = pytest.mark.django_db
ISSUED_ON = datetime.date(2026, 6, 1)


@pytest.fixture
def notice(cast):
    draft = services.create_notice(
        cast.supervisor,
        {
            "kind": "rectification",
            "body": cast.body_a.pk,
            "title": "关于河津市市场监督管理局案卷评查问题的整改通知",
            "text": "经案卷评查，发现以下问题，请限期整改。",
            "items": "告知书未载明听证权利\n部分案卷缺少送达回证",
        },
    )
    return services.issue_notice(cast.supervisor, draft, {"date": ISSUED_ON.isoformat()})


def test_issuing_numbers_the_notice_and_sets_30_calendar_day_deadlines(cast, notice):
    due = add_calendar_days(ISSUED_ON, 30).date  # SUP-01: calendar days, rolled to a working day
    assert notice.status == "issued" and notice.number
    assert [i.deadline for i in notice.items.all()] == [due, due]
    assert due >= ISSUED_ON + datetime.timedelta(days=30)


def test_the_loop_closes_only_when_every_item_is_accepted_with_history_and_ledger(cast, notice):
    first, second = notice.items.all()
    upload = SimpleUploadedFile("整改报告.pdf", b"%PDF-1.4 proof", content_type="application/pdf")
    response = services.respond(cast.chief_a, first, {"text": "已修订告知书模板"}, [upload])
    assert response.attachments.get().sha256
    services.respond(cast.chief_a, second, {"text": "已补齐送达回证"})
    notice.refresh_from_db()
    assert notice.status == "responded"
    services.verify(cast.supervisor, first, {"accepted": "yes", "note": "已核实"})
    services.verify(cast.supervisor, second, {"accepted": "no", "note": "仍有 2 卷缺失"})
    notice.refresh_from_db()
    second.refresh_from_db()
    assert notice.status == "issued" and second.status == "rejected" and second.deadline > ISSUED_ON
    services.respond(cast.chief_a, second, {"text": "已全部补齐"})
    services.verify(cast.supervisor, second, {"accepted": "yes"})
    notice.refresh_from_db()
    assert notice.status == "closed" and notice.closed_on
    actions = list(notice.events.values_list("action", flat=True))
    assert actions[:3] == ["created", "issued", "item_responded"] and actions[-1] == "closed"
    for event in notice.events.all():
        assert Entry.objects.get(index=event.ledger_index).subject_id == str(notice.public_id)


def test_another_body_can_neither_see_nor_answer_the_notice(cast, notice):
    item = notice.items.first()
    with pytest.raises(NotFound):
        selectors.item_for(cast.chief_b, item.pk)
    with pytest.raises(Forbidden):
        services.respond(cast.chief_b, item, {"text": "x"})
    with pytest.raises(Forbidden):
        services.verify(cast.chief_a, item, {"accepted": "yes"})  # the body cannot verify itself


def test_a_response_cannot_be_verified_twice_nor_a_draft_answered(cast, notice):
    item = notice.items.first()
    with pytest.raises(Conflict):
        services.verify(cast.supervisor, item, {"accepted": "yes"})
    draft = services.create_notice(
        cast.supervisor,
        {"kind": "criticism", "body": cast.body_a.pk, "title": "通报", "text": "通报", "items": "一"},
    )
    assert not selectors.notices_for(cast.chief_a).filter(pk=draft.pk).exists()  # drafts stay with the bureau


def test_a_bad_attachment_is_refused_and_nothing_is_written(cast, notice):
    item = notice.items.first()
    bad = SimpleUploadedFile("x.exe", b"MZ", content_type="application/octet-stream")
    from sanxiang.core.errors import InvalidInput

    with pytest.raises(InvalidInput):
        services.respond(cast.chief_a, item, {"text": "见附件"}, [bad])
    item.refresh_from_db()
    assert item.status == "open" and not item.responses.exists()


def test_overdue_items_escalate_once_per_deadline_into_a_criticism_draft(cast, notice):
    services.respond(cast.chief_a, notice.items.first(), {"text": "已整改"})
    late = notice.items.last().deadline + datetime.timedelta(days=1)
    out = StringIO()
    call_command("evaluation", "escalate", "--date", late.isoformat(), stdout=out)
    assert "1 项" in out.getvalue()
    call_command("evaluation", "escalate", "--date", late.isoformat(), stdout=StringIO())
    call_command(
        "evaluation", "escalate", "--date", (late + datetime.timedelta(days=1)).isoformat(), stdout=StringIO()
    )
    escalation = Escalation.objects.get()
    assert escalation.item == notice.items.last()
    criticism = Notice.objects.get(kind="criticism")
    assert criticism.status == "draft" and criticism.body == cast.body_a and criticism.items.count() == 1
    assert Entry.objects.get(index=escalation.ledger_index).actor_label == "system:evaluation-escalate"
    assert selectors.overdue_rectifications(late, cast.body_a).count() == 1
    assert selectors.open_rectifications(cast.body_a).count() == 2
