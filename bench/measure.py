"""What the file benchmarks share: a throwaway installation, a generated video, CPU and RSS meters.

Imported by bench/evidence_bench.py and bench/archive_bench.py (run as scripts, so `bench/` is on
sys.path).
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
MiB = 1024 * 1024
# An MP4 `ftyp` box: the evidence app checks the first bytes against the declared type (EVD-04).
HEADER = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2"


def setup_django(workdir: Path, **env: str) -> None:
    """Settings for a throwaway SQLite installation under `workdir`, migrated."""
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "sanxiang.settings"
    os.environ["SANXIANG_DATA_DIR"] = str(workdir)
    os.environ["SANXIANG_LEDGER_KEY"] = str(workdir / "ledger-ed25519.pem")
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'db.sqlite3'}"
    for name, value in env.items():
        os.environ.setdefault(name, value)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def make_officer_case():
    """A body with two officers and one registered case: (the lead officer's user, the case)."""
    from sanxiang.cases import services
    from sanxiang.orgs.choices import Role
    from sanxiang.testing import factories as f

    body = f.make_body("河津市市场监督管理局", "河市监")
    user = f.make_user("bench.officer", Role.OFFICER, body=body)
    officers = [f.make_officer(body, "张明", user=user), f.make_officer(body, "李华")]
    return user, services.register_case(user, body, f.case_data(body, officers), [f.natural_party()])


def make_file(path: Path, size: int) -> None:
    """A random 'video' of `size` bytes with an MP4 header, written in 16 MiB blocks."""
    block = os.urandom(16 * MiB)
    with open(path, "wb") as out:
        out.write(HEADER)
        written = len(HEADER)
        while written < size:
            piece = block[: min(len(block), size - written)]
            out.write(piece)
            written += len(piece)


def rss_bytes() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


class PeakRss:
    """Samples this process's RSS every 20 ms while active."""

    def __enter__(self):
        self.base = self.peak = rss_bytes()
        self.running = True
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()
        return self

    def _run(self):
        while self.running:
            self.peak = max(self.peak, rss_bytes())
            time.sleep(0.02)

    def __exit__(self, *exc):
        self.running = False
        self.thread.join()
        self.peak = max(self.peak, rss_bytes())

    @property
    def increase(self) -> int:
        return self.peak - self.base


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def timed(cmd: list[str]) -> tuple[float, float, str]:
    """Run a command: (wall seconds, CPU seconds of the child, its stdout)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), out
