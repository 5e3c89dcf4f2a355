"""DUR-02: SIGKILL during uploads and completions, then a consistency check of database and files.

A throwaway installation (SQLite file + local storage under tmp) is migrated once; a child process
ingests files and is killed at random and at chosen points. Afterwards every Evidence row has a
complete file with its recorded SHA-256, every acknowledged upload is present, and the only
leftovers are unreferenced blobs, which `sanxiang evidence gc` removes.
"""

from __future__ import annotations

import hashlib
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

SETUP = """
import django; django.setup()
from django.core.management import call_command
from django.db import connection
connection.cursor().execute("PRAGMA synchronous=OFF")  # only while building the throwaway schema
call_command("migrate", verbosity=0)
from sanxiang.cases import services
from sanxiang.orgs.choices import Role
from sanxiang.testing import factories as f
body = f.make_body("河津市市场监督管理局", "河市监")
user = f.make_user("crash.officer", Role.OFFICER, body=body)
officers = [f.make_officer(body, "张明", user=user), f.make_officer(body, "李华")]
services.register_case(user, body, f.case_data(body, officers), [f.natural_party()])
"""

AFTER = """
import django; django.setup()
from django.core.management import call_command
call_command("evidence", "gc", "--hours", "0")
call_command("evidence", "verify")
"""


@pytest.fixture(scope="module")
def installation(tmp_path_factory):
    root = tmp_path_factory.mktemp("crash")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "sanxiang.settings",
        "SANXIANG_ENV": "embedded",
        "SANXIANG_DATA_DIR": str(root),
        "DATABASE_URL": f"sqlite:///{root / 'db.sqlite3'}",
    }
    for name in ("SANXIANG_MEDIA_ROOT", "SANXIANG_UPLOAD_TMP"):
        env.pop(name, None)
    subprocess.run([sys.executable, "-c", SETUP], env=env, check=True, timeout=300)  # noqa: S603, S607 - fixed argv, no user input
    return root, env


def run_until(env, mode: str, wanted: str, *, acks: int = 0) -> list[str]:
    """Start the child, wait for `wanted` (and `acks` acknowledgements), SIGKILL it, return its lines."""
    child = subprocess.Popen(  # noqa: S603, S607 - fixed argv, no user input
        [sys.executable, "-m", "sanxiang.evidence.tests.crash_child", mode],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    lines: list[str] = []
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline:
            line = child.stdout.readline().strip()
            if not line:
                break
            lines.append(line)
            if line.startswith(wanted) and sum(x.startswith("ACK") for x in lines) >= acks:
                time.sleep(random.uniform(0, 0.3) if mode == "loop" else 0)
                break
        else:
            pytest.fail(f"child never reached {wanted}: {lines}")
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    assert any(line.startswith(wanted) for line in lines), lines
    return lines


def stored_files(root: Path) -> dict[str, Path]:
    return {p.name: p for p in (root / "media" / "evidence").rglob("*") if p.is_file()}


def rows(root: Path) -> list[tuple[str, str, int]]:
    with sqlite3.connect(root / "db.sqlite3") as db:
        return db.execute("SELECT public_id, sha256, size FROM evidence_evidence").fetchall()


def test_sigkill_during_uploads_never_leaves_a_row_without_its_verified_file(installation):
    root, env = installation
    acked = [line.split()[1:] for line in run_until(env, "ACK", "ACK", acks=3) if line.startswith("ACK")]
    run_until(env, "between", "PLACED")
    files, found = stored_files(root), rows(root)
    stored_ids = {public_id.replace("-", "") for public_id, _sha, _size in found}
    for evidence_id, _sha in acked:  # every acknowledged upload survived
        assert evidence_id.replace("-", "") in stored_ids
    for _id, sha, size in found:  # no row without a complete, hash-verified file
        assert sha in files and files[sha].stat().st_size == size
        assert hashlib.sha256(files[sha].read_bytes()).hexdigest() == sha
    garbage = set(files) - {sha for _id, sha, _size in found}
    assert garbage, "the 'between' kill leaves a durable blob without a row"
    after = subprocess.run(  # noqa: S603, S607 - fixed argv, no user input
        [sys.executable, "-c", AFTER], env=env, capture_output=True, text=True, timeout=120
    )
    assert after.returncode == 0 and "OK：" in after.stdout, after.stdout + after.stderr
    assert set(stored_files(root)) == {sha for _id, sha, _size in found}
