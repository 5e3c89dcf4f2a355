"""Helpers for the documents tests: manual-record input, whole procedures, reading files back."""

from __future__ import annotations

import datetime
import io
import shutil
import subprocess

import docx
from django.utils import timezone
from pypdf import PdfReader

from sanxiang.cases import procedure
from sanxiang.cases import services as cases
from sanxiang.documents import services
from sanxiang.documents.models import Document
from sanxiang.testing import flow
from sanxiang.workdays.selectors import add_workdays

MEASURE = {"measure_kind": "seize", "approval": "局长王某 河市监强审〔2026〕3号", "items": "过期食品 12 袋"}


def iso(day: datetime.date) -> str:
    return day.isoformat()


def times(day: datetime.date, hour: int, minutes: int) -> tuple[str, str]:
    """A record from `hour` on `day`, moved earlier when that would end in the future (forms refuse it)."""
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))
    latest = timezone.now() - datetime.timedelta(minutes=1)
    if start + datetime.timedelta(minutes=minutes) > latest:
        start = latest - datetime.timedelta(minutes=minutes)
    return start.isoformat(), (start + datetime.timedelta(minutes=minutes)).isoformat()


def inspection_input(cast, day: datetime.date, **extra) -> dict:
    started_at, ended_at = times(day, 9, 45)
    data = {
        "started_at": started_at,
        "ended_at": ended_at,
        "place": "河津市城区街道龙门大道1号某某超市",
        "inspectors": [o.pk for o in cast.officers_a],
        "recorder": cast.officers_a[1].pk,
        "present_person": "王某某（店主）",
        "findings": "货架上摆放超过保质期的饼干 12 袋，生产日期为 2025 年 1 月。\n现场拍摄照片 6 张。",
        "credential_shown": True,
        "witness": "",
    }
    data.update(extra)
    return data


def interview_input(cast, day: datetime.date, **extra) -> dict:
    started_at, ended_at = times(day, 14, 60)
    data = {
        "started_at": started_at,
        "ended_at": ended_at,
        "place": "河津市市场监督管理局询问室",
        "questioner": cast.officers_a[0].pk,
        "recorder": cast.officers_a[1].pk,
        "interviewee_name": "王某某",
        "interviewee_unit": "某某超市 店主",
        "interviewee_phone": "13812345678",
        "interviewee_address": "河津市城区街道龙门大道1号",
        "interviewee_postcode": "043300",
        "relation": "当事人",
        "qa": "问：这些饼干是谁进的货？\n答：是我进的货。",
        "credential_shown": True,
    }
    data.update(extra)
    return data


def record_investigation(cast, case, day: datetime.date) -> Document:
    return services.issue_document(cast.officer_a, case, "inspection_record", inspection_input(cast, day))


def served_penalty(cast, new_case, day: datetime.date, **decide):
    """A penalty case decided and served on `day` (filed, reviewed and notified the same day)."""
    case = flow.to_notice(cast, new_case(days_ago=(datetime.date.today() - day).days + 10), day)
    cases.run_transition(cast.officer_a, case.pk, "waive_statement", {"date": iso(day)})
    flow.decide(cast, case, day, **decide)
    return cases.run_transition(
        cast.officer_a, case.pk, "serve_decision", {"date": iso(day), "service_method": "direct"}
    )


def closed_penalty(cast, new_case, day: datetime.date):
    case = served_penalty(cast, new_case, day)
    record_investigation(cast, case, day)
    cases.run_transition(
        cast.officer_a, case.pk, "record_execution", {"date": iso(day), "paid_amount": "5000"}
    )
    return cases.run_transition(cast.head_a, case.pk, "close", {"date": iso(day)})


def full_hearing_case(cast, new_case, monkeypatch):
    """Filing, preservation, seizure, both records, notice with hearing, hearing, decision, service, closing."""
    # Other apps' gates (REC-01 audio/video: evidence; REV-01 legal review: review) are theirs to test.
    monkeypatch.setitem(procedure.GATES, "av_record", [])
    monkeypatch.setitem(procedure.GATES, "legal_review", [])
    d0 = datetime.date.today() - datetime.timedelta(days=50)
    case = new_case(days_ago=60)
    run = cases.run_transition
    run(cast.head_a, case.pk, "file_case", {"date": iso(d0), "reason": "同意立案，由张明、李华承办。"})
    run(
        cast.officer_a,
        case.pk,
        "preserve_evidence",
        {"date": iso(d0), "approval": "局长王某批准", "items": "账簿 3 本"},
    )
    run(cast.officer_a, case.pk, "take_measure", dict(MEASURE, date=iso(d0), reason="涉嫌销售过期食品"))
    record_investigation(cast, case, d0)
    services.issue_document(cast.officer_a, case, "interview_record", interview_input(cast, d0))
    submit = flow.submit_input(date=iso(d0), fine_amount="20000")
    run(cast.officer_a, case.pk, "submit_for_review", submit)
    run(cast.reviewer_a, case.pk, "approve_review", {"date": iso(d0)})
    run(cast.officer_a, case.pk, "serve_notice", {"date": iso(d0), "service_method": "direct"})
    run(cast.officer_a, case.pk, "request_hearing", {"date": iso(add_workdays(d0, 1).date)})
    notified = add_workdays(d0, 2).date
    hearing = add_workdays(notified, 7).date
    schedule = {"date": iso(notified), "hearing_date": iso(hearing), "host": cast.host_a.pk}
    run(cast.officer_a, case.pk, "schedule_hearing", schedule)
    run(
        cast.officer_a,
        case.pk,
        "record_hearing",
        {"date": iso(hearing), "reason": "当事人到场陈述：系初次违法。"},
    )
    flow.decide(cast, case, hearing, fine_amount="15000")
    run(cast.officer_a, case.pk, "serve_decision", {"date": iso(hearing), "service_method": "direct"})
    run(cast.officer_a, case.pk, "record_execution", {"date": iso(hearing), "paid_amount": "15000"})
    return run(cast.head_a, case.pk, "close", {"date": iso(hearing), "reason": "已执行完毕，同意结案。"})


def current(case, kind: str) -> Document:
    return Document.objects.get(case=case, kind=kind, status="issued")


def docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "".join("\n".join(parts).split())


def pdf_text(data: bytes) -> str:
    return "".join("".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split())


def pdf_fonts(path) -> str:
    """`pdffonts` output (poppler-utils), or "" where it is not installed."""
    binary = shutil.which("pdffonts")
    if binary is None:
        return ""
    return subprocess.run([binary, str(path)], capture_output=True, text=True, check=True).stdout  # noqa: S603
