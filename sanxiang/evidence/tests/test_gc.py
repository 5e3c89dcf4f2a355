"""`sanxiang evidence gc` (BAK-04): unreferenced blobs, expired sessions and stray temp files go."""

import datetime
import os

import pytest
from django.core.management import call_command
from django.utils import timezone

from sanxiang.evidence.choices import UploadState
from sanxiang.evidence.models import Evidence, UploadSession

from .conftest import blob_path, jpeg, mp4, temp_files

pytestmark = pytest.mark.django_db


def age(path, hours: float) -> None:
    then = (timezone.now() - datetime.timedelta(hours=hours)).timestamp()
    os.utime(path, (then, then))


def test_gc_removes_only_old_garbage_and_never_a_referenced_file(api, new_case, evidence_dirs, capsys):
    case = new_case()
    kept = api.upload(case, jpeg(), name="照片.jpg").json()
    api.get(f"/evidence/{kept['id']}/thumbnail")
    orphan = blob_path(evidence_dirs, "ab" * 32)
    orphan.parent.mkdir(parents=True)
    orphan.write_bytes(b"left by a crash")
    stray = orphan.parent / ".abab.tmp"
    stray.write_bytes(b"half a copy")
    thumb = evidence_dirs / "media" / "thumbnails" / "cd" / ("cd" * 32 + ".jpg")
    thumb.parent.mkdir(parents=True)
    thumb.write_bytes(b"thumb of nothing")
    fresh_orphan = blob_path(evidence_dirs, "ef" * 32)
    fresh_orphan.parent.mkdir(parents=True)
    fresh_orphan.write_bytes(b"an ingest about to commit")
    for path in (orphan, stray, thumb, blob_path(evidence_dirs, kept["sha256"])):
        age(path, 48)

    call_command("evidence", "gc", "--dry-run")
    assert orphan.exists() and "将删除" in capsys.readouterr().out
    call_command("evidence", "gc")
    out = capsys.readouterr().out
    assert not orphan.exists() and not stray.exists() and not thumb.exists()
    assert fresh_orphan.exists()  # younger than the 24 h cutoff: maybe a commit in flight
    assert blob_path(evidence_dirs, kept["sha256"]).exists()
    assert len(list((evidence_dirs / "media" / "thumbnails").rglob("*.jpg"))) == 1
    assert "无引用文件 2 个" in out and Evidence.objects.count() == 1


def test_gc_expires_idle_sessions_and_clears_their_temp_files(api, new_case, evidence_dirs):
    case = new_case()
    data = mp4(50_000)
    idle = api.open_session(case, data).json()["id"]
    api.chunk(idle, 0, data[:10_000])
    live = api.open_session(case, data).json()["id"]
    api.chunk(live, 0, data[:10_000])
    UploadSession.objects.filter(public_id=idle).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    spool = evidence_dirs / "uploads-tmp" / "x.spool"
    spool.write_bytes(b"abandoned")
    age(spool, 48)
    call_command("evidence", "gc")
    assert [p.name for p in temp_files(evidence_dirs)] == [f"{live}.part"]
    assert UploadSession.objects.get(public_id=idle).state == UploadState.ABORTED
    UploadSession.objects.filter(public_id=idle).update(
        updated_at=timezone.now() - datetime.timedelta(hours=30)
    )
    call_command("evidence", "gc")
    assert not UploadSession.objects.filter(public_id=idle).exists()
    assert UploadSession.objects.filter(public_id=live, state=UploadState.OPEN).exists()
