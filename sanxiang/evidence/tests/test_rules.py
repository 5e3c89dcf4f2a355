"""REC-01 gate, REC-02/04/05 flags, REC-06 retention, and linking files to the step's history row."""

import datetime

import pytest
from django.utils import timezone

from sanxiang.cases import services
from sanxiang.cases.choices import DeadlineKind
from sanxiang.core.errors import Conflict
from sanxiang.evidence.models import Evidence
from sanxiang.evidence.rules import missing_av_flags
from sanxiang.ledger.models import Entry
from sanxiang.testing import flow

from .conftest import jpeg, mp3, mp4

pytestmark = pytest.mark.django_db
MEASURE = {"measure_kind": "seize", "approval": "局长王某 河市监强审〔2026〕3号", "items": "过期食品 12 袋"}


def investigating(cast, new_case):
    case = new_case(days_ago=61)
    day = timezone.localdate() - datetime.timedelta(days=60)
    services.run_transition(cast.head_a, case.pk, "file_case", {"date": day.isoformat()})
    return case, day


def take_measure(cast, case, day):
    return services.run_transition(
        cast.officer_a, case.pk, "take_measure", dict(MEASURE, date=day.isoformat())
    )


def test_a_seizure_without_av_is_refused_and_nothing_changes(cast, new_case, api):
    case, day = investigating(cast, new_case)
    api.upload(case, jpeg(), name="现场.jpg", step="take_measure")  # a photo is not an AV record
    api.upload(case, mp4(), step="field")  # AV of another step does not count
    with pytest.raises(Conflict, match="REC-01：实施查封扣押须附全程音像记录"):
        take_measure(cast, case, day)
    case.refresh_from_db()
    assert (
        case.measure_taken_on is None
        and not case.deadlines.filter(kind=DeadlineKind.COERCIVE_MEASURE).exists()
    )


def test_a_seizure_with_its_video_goes_ahead_and_the_video_is_linked_to_the_step(cast, new_case, api):
    case, day = investigating(cast, new_case)
    video = api.upload(case, mp4(), step="take_measure").json()
    assert video["event"] is None
    case = take_measure(cast, case, day)
    assert case.measure_taken_on == day
    event = case.events.get(transition="take_measure")
    assert Evidence.objects.get(public_id=video["id"]).event == event
    assert Entry.objects.filter(kind="evidence.linked", subject_id=str(case.public_id)).count() == 1
    later = api.upload(case, mp3(), name="补充录音.mp3", step="take_measure").json()
    assert later["event"] == event.pk  # uploaded after the step: linked at once


def test_audio_counts_but_a_blocked_file_does_not(cast, new_case, api):
    case, day = investigating(cast, new_case)
    audio = api.upload(case, mp3(), name="录音.mp3", step="take_measure").json()
    Evidence.objects.filter(public_id=audio["id"]).update(status="blocked")
    with pytest.raises(Conflict, match="REC-01"):
        take_measure(cast, case, day)
    api.upload(case, mp3(20_000), name="录音2.mp3", step="take_measure")
    assert take_measure(cast, case, day).measure_taken_on == day


def test_demolition_needs_its_own_av_record(cast, new_case, api):
    served = datetime.date(2025, 1, 6)
    case = new_case(days_ago=(timezone.localdate() - served).days + 5)
    notice = {"date": (served - datetime.timedelta(days=3)).isoformat()}
    services.run_transition(cast.head_a, case.pk, "file_case", notice)
    services.run_transition(cast.officer_a, case.pk, "submit_for_review", flow.submit_input(**notice))
    services.run_transition(cast.reviewer_a, case.pk, "approve_review", notice)
    services.run_transition(cast.officer_a, case.pk, "serve_notice", dict(notice, service_method="direct"))
    services.run_transition(cast.officer_a, case.pk, "waive_statement", notice)
    flow.decide(cast, case, served - datetime.timedelta(days=1))
    services.run_transition(
        cast.officer_a, case.pk, "serve_decision", {"date": served.isoformat(), "service_method": "left"}
    )
    data = {"date": "2025-10-10", "public_notice_on": "2025-09-01", "reason": "当事人逾期未自行拆除"}
    with pytest.raises(Conflict, match="REC-01：强制拆除须附全程音像记录"):
        services.run_transition(cast.chief_a, case.pk, "demolish", data)
    flags = missing_av_flags(case)
    assert any("留置送达未附音像记录" in f for f in flags)
    api.upload(case, mp4(), step="demolish")
    assert services.run_transition(cast.chief_a, case.pk, "demolish", data).demolished_on == datetime.date(
        2025, 10, 10
    )


def test_field_steps_without_av_are_flagged_not_blocked(cast, new_case, api):
    case, day = investigating(cast, new_case)
    services.run_transition(
        cast.officer_a,
        case.pk,
        "preserve_evidence",
        {"date": day.isoformat(), "approval": "局长批准", "items": "账簿 3 本"},
    )
    api.upload(case, jpeg(), name="检查.jpg", step="field")
    flags = missing_av_flags(case)
    assert any("先行登记保存证据" in f and f.startswith("REC-02") for f in flags)
    assert any("现场执法仅有照片" in f for f in flags)
    api.upload(case, mp4(), step="preserve_evidence")
    api.upload(case, mp3(), name="现场.mp3", step="field")
    assert missing_av_flags(case) == []
    response = api.get(f"/cases/{case.public_id}/evidence/flags")
    assert response.status_code == 200 and response.json() == []


def test_an_upload_more_than_24_hours_after_the_recording_is_flagged(api, new_case):
    case = new_case()
    ended = timezone.now() - datetime.timedelta(hours=30)
    api.upload(
        case,
        mp4(),
        step="field",
        recorded_start=(ended - datetime.timedelta(minutes=20)).isoformat(),
        recorded_end=ended.isoformat(),
    )
    api.upload(
        case, mp3(), name="及时.mp3", recorded_end=(timezone.now() - datetime.timedelta(hours=2)).isoformat()
    )
    flags = api.get(f"/cases/{case.public_id}/evidence/flags").json()
    assert [f["rule"] for f in flags] == ["REC-05"]
    assert "30 小时后才上传" in flags[0]["message"]


def test_recording_times_must_be_ordered_and_not_in_the_future(api, new_case):
    case = new_case()
    now = timezone.now()
    bad = api.open_session(
        case,
        mp4(),
        recorded_start=now.isoformat(),
        recorded_end=(now - datetime.timedelta(hours=1)).isoformat(),
    )
    assert bad.status_code == 400 and "recorded_end" in bad.json()["error"]["fields"]
    future = api.open_session(case, mp4(), recorded_end=(now + datetime.timedelta(hours=1)).isoformat())
    assert future.status_code == 400
