"""Test support for other apps: evidence storage under tmp_path and a minimal AV record for a step.

REC-01 makes `take_measure` and `demolish` refuse without an audio/video file for that step, so
tests of those transitions attach one first:

    from sanxiang.evidence.testing import attach_av, evidence_storage  # noqa: F401 (fixture)

    def test_seizure(cast, new_case, evidence_storage):
        ...
        attach_av(cast.officer_a, case, "take_measure")
        services.run_transition(cast.officer_a, case.pk, "take_measure", {...})
"""

from __future__ import annotations

import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

MP4_HEADER = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2"


@pytest.fixture
def evidence_storage(tmp_path, settings):
    """Blobs and partial uploads of this test under tmp_path, never the installation's data folder."""
    media = tmp_path / "media"
    settings.MEDIA_ROOT = str(media)
    settings.SANXIANG_UPLOAD_TMP = str(tmp_path / "uploads-tmp")
    settings.STORAGES = {
        **settings.STORAGES,
        "evidence": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(media)},
        },
    }
    return tmp_path


def attach_av(actor, case, step: str, size: int = 4096):
    """Ingest a small MP4 for `step` of `case` through the real service; `actor` needs case.handle."""
    from .services import ingest_upload

    data = MP4_HEADER + os.urandom(max(size - len(MP4_HEADER), 16))
    return ingest_upload(actor, case.pk, {"step": step}, SimpleUploadedFile("av.mp4", data, "video/mp4"))
