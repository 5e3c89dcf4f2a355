"""The verifier is pure: importing it loads no Django (so it can run where no installation exists)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_the_verifier_imports_no_django():
    code = (
        "import sys, sanxiang.archive.verify; print(sorted(m for m in sys.modules if m.startswith('django')))"
    )
    done = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert done.stdout.strip() == "[]"
