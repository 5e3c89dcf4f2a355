"""The S3 path for real: django-storages' S3Storage against moto_server on a free 127.0.0.1 port."""

from __future__ import annotations

import gc
import hashlib
import socket
import subprocess
import sys
import time
import tracemalloc
import uuid
from pathlib import Path

import pytest
from django.core.management import call_command

from sanxiang.evidence.models import Evidence
from sanxiang.evidence.services.storage import S3BlobStore, blob_store

from .conftest import assert_error, mp4

pytestmark = pytest.mark.django_db
MiB = 1024 * 1024


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def moto_endpoint():
    executable = Path(sys.executable).with_name("moto_server")
    port = free_port()
    try:
        server = subprocess.Popen(  # noqa: S603, S607 - fixed argv, no user input
            [str(executable), "-H", "127.0.0.1", "-p", str(port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    except OSError:
        pytest.skip("moto_server is not installed")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.skip("moto_server exited at start")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.2)
    else:
        server.kill()
        pytest.skip("moto_server did not start")
    yield f"http://127.0.0.1:{port}"
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture
def s3(moto_endpoint, settings):
    """A fresh bucket configured as the evidence storage, as docs/evidence.md shows."""
    import boto3

    bucket = f"evidence-{uuid.uuid4().hex[:12]}"
    options = {
        "bucket_name": bucket,
        "endpoint_url": moto_endpoint,
        "access_key": "testing",
        "secret_key": "testing",
        "region_name": "us-east-1",
        "addressing_style": "path",
        "location": "sanxiang",
        "file_overwrite": True,
        "querystring_auth": False,
    }
    client = boto3.client(
        "s3",
        endpoint_url=moto_endpoint,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        region_name="us-east-1",
    )
    client.create_bucket(Bucket=bucket)
    settings.STORAGES = {
        **settings.STORAGES,
        "evidence": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options},
    }
    settings.SANXIANG_EVIDENCE_S3_PART_BYTES = 5 * MiB  # the S3 minimum, to get several parts
    return client, bucket


def keys(s3) -> list[str]:
    client, bucket = s3
    return sorted(o["Key"] for o in client.list_objects_v2(Bucket=bucket).get("Contents", []))


def test_evidence_is_stored_under_its_hash_read_by_range_and_verified(api, new_case, s3):
    assert isinstance(blob_store(), S3BlobStore)
    data = mp4(300_000)
    evidence = api.upload(new_case(), data).json()
    assert keys(s3) == [f"sanxiang/evidence/{evidence['sha256'][:2]}/{evidence['sha256']}"]
    response = api.get(f"/evidence/{evidence['id']}/content", HTTP_RANGE="bytes=1000-1999")
    assert response.status_code == 206 and b"".join(response.streaming_content) == data[1000:2000]
    assert b"".join(api.get(f"/evidence/{evidence['id']}/download").streaming_content) == data
    call_command("evidence", "verify")


def test_a_tampered_object_is_blocked(api, new_case, s3):
    client, bucket = s3
    data = mp4(100_000)
    evidence = api.upload(new_case(), data).json()
    key = f"sanxiang/evidence/{evidence['sha256'][:2]}/{evidence['sha256']}"
    client.put_object(Bucket=bucket, Key=key, Body=data[:-1] + b"!")
    Evidence.objects.filter(public_id=evidence["id"]).update(verified_at=None)
    assert_error(api.get(f"/evidence/{evidence['id']}/download"), 409, "integrity_failure")


def test_a_multipart_upload_of_tens_of_mib_streams_with_bounded_memory(api, new_case, s3):
    case = new_case()
    size, chunk = 40 * MiB, 4 * MiB
    session = api.open_session(case, b"\0" * size).json()["id"]
    digest = hashlib.sha256()
    for offset in range(0, size, chunk):
        block = mp4(chunk) if offset == 0 else bytes([offset // chunk]) * chunk
        digest.update(block)
        assert api.chunk(session, offset, block).status_code == 200
    del block
    gc.collect()
    tracemalloc.start()
    try:
        done = api.post(f"/evidence/uploads/{session}/complete")
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert done.status_code == 201 and done.json()["sha256"] == digest.hexdigest()
    client, bucket = s3
    head = client.head_object(Bucket=bucket, Key=keys(s3)[0])
    assert head["ContentLength"] == size and head["ETag"].endswith('-8"')  # 8 parts of 5 MiB
    # Bounded by the part size (two parts in flight plus boto's buffers), not by the 40 MiB file.
    assert peak < 4 * 5 * MiB, f"peak {peak / MiB:.1f} MiB"


def test_gc_removes_unreferenced_objects_from_the_bucket(api, new_case, s3):
    client, bucket = s3
    kept = api.upload(new_case(), mp4(10_000)).json()
    orphan = "sanxiang/evidence/ab/" + "ab" * 32
    client.put_object(Bucket=bucket, Key=orphan, Body=b"left by a crash")
    call_command("evidence", "gc", "--hours", "0")
    assert keys(s3) == [f"sanxiang/evidence/{kept['sha256'][:2]}/{kept['sha256']}"]
