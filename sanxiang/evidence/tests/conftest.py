"""Evidence test fixtures: storage under tmp_path, the API client, sample files and upload helpers."""

from __future__ import annotations

import hashlib
import io
import json
import os
import zipfile
from dataclasses import dataclass

import pytest
from PIL import Image

from sanxiang.api.models import ApiToken
from sanxiang.cases.tests.conftest import new_case, today  # noqa: F401
from sanxiang.evidence.testing import evidence_storage  # noqa: F401
from sanxiang.ledger.testing import django_db_setup  # noqa: F401 - flushable test DB on PostgreSQL

API = "/api/v1"


@pytest.fixture(autouse=True)
def evidence_dirs(evidence_storage, settings):  # noqa: F811 - the imported fixture
    """Every test stores blobs and partial uploads under its own tmp_path; the API is mounted."""
    settings.LEDGER_KEY_PATH = evidence_storage / "keys" / "ledger-ed25519.pem"
    settings.ROOT_URLCONF = "sanxiang.evidence.tests.urls"
    return evidence_storage


# --- sample files whose first bytes are what their extension says ------------------------------


def mp4(size: int = 64 * 1024, seed: bytes = b"") -> bytes:
    head = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2" + seed
    return head + os.urandom(max(size - len(head), 0))


def mp3(size: int = 32 * 1024) -> bytes:
    return b"ID3\x03\x00\x00\x00\x00\x00\x00" + os.urandom(size - 10)


def jpeg(width: int = 640, height: int = 480) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (180, 40, 40)).save(out, "JPEG")
    return out.getvalue()


def pdf() -> bytes:
    return b"%PDF-1.4\n" + os.urandom(2000) + b"\n%%EOF\n"


def docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


# --- the API as a client sees it -----------------------------------------------------------------


@dataclass
class ApiClient:
    client: object
    token: str

    def _auth(self, extra: dict) -> dict:
        return {"HTTP_AUTHORIZATION": f"Bearer {self.token}", **extra}

    def get(self, url: str, query: dict | None = None, **headers):
        return self.client.get(f"{API}{url}", query, **self._auth(headers))

    def head(self, url: str, **headers):
        return self.client.head(f"{API}{url}", **self._auth(headers))

    def post(self, url: str, data=None, **headers):
        body = json.dumps(data) if data is not None else ""
        return self.client.post(
            f"{API}{url}", data=body, content_type="application/json", **self._auth(headers)
        )

    def send(self, method: str, url: str, data: bytes = b"", **headers):
        return self.client.generic(
            method,
            f"{API}{url}",
            data=data,
            content_type="application/offset+octet-stream",
            **self._auth(headers),
        )

    def chunk(self, session_id: str, offset: int, data: bytes, method: str = "PATCH"):
        return self.send(method, f"/evidence/uploads/{session_id}", data, HTTP_UPLOAD_OFFSET=str(offset))

    def open_session(self, case, data: bytes, name: str = "执法记录.mp4", step: str = "field", **extra):
        payload = {"case": str(case.public_id), "step": step, "filename": name, "size": len(data), **extra}
        return self.post("/evidence/uploads", payload)

    def upload(
        self,
        case,
        data: bytes,
        name: str = "执法记录.mp4",
        step: str = "field",
        chunk: int = 256 * 1024,
        **extra,
    ):
        """The whole protocol; returns the complete response (201 with the evidence JSON)."""
        created = self.open_session(case, data, name, step, **extra)
        assert created.status_code == 201, created.content
        session = created.json()["id"]
        for offset in range(0, len(data), chunk):
            answer = self.chunk(session, offset, data[offset : offset + chunk])
            assert answer.status_code == 200, answer.content
        return self.post(f"/evidence/uploads/{session}/complete")


@pytest.fixture
def api_for(client):
    def make(user) -> ApiClient:
        _row, token = ApiToken.issue(user)
        return ApiClient(client, token)

    return make


@pytest.fixture
def api(api_for, cast):
    """cast.officer_a, assigned to every case made by `new_case`."""
    return api_for(cast.officer_a)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sm3(data: bytes) -> str:
    return hashlib.new("sm3", data).hexdigest()


def assert_error(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"error"} and {"code", "message"} <= set(body["error"])
    if code:
        assert body["error"]["code"] == code, body
    return body["error"]


def blob_path(tmp_path, sha: str):
    return tmp_path / "media" / "evidence" / sha[:2] / sha


def temp_files(tmp_path) -> list:
    """What is left in the upload tmp dir (BAK-04: nothing, once an upload ended)."""
    directory = tmp_path / "uploads-tmp"
    return sorted(directory.iterdir()) if directory.exists() else []
