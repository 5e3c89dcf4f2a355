import os
import subprocess
import sys


def _check(env_overrides: dict) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SANXIANG_", "DATABASE_URL"))}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "-m", "sanxiang", "check"], env=env, capture_output=True, text=True, timeout=120
    )


def test_it_refuses_to_start_in_production_without_a_secret_key(tmp_path):
    result = _check({"SANXIANG_ENV": "production", "SANXIANG_DATA_DIR": str(tmp_path)})
    assert result.returncode == 2
    assert "SANXIANG_SECRET_KEY" in result.stderr


def test_it_names_a_malformed_database_url(tmp_path):
    result = _check(
        {
            "SANXIANG_ENV": "production",
            "SANXIANG_SECRET_KEY": "x" * 60,
            "SANXIANG_ALLOWED_HOSTS": "zhifa.example.cn",
            "DATABASE_URL": "notaurl",
            "SANXIANG_DATA_DIR": str(tmp_path),
        }
    )
    assert result.returncode == 2
    assert "DATABASE_URL" in result.stderr


def test_it_rejects_a_malformed_integer(tmp_path):
    result = _check({"SANXIANG_SESSION_IDLE_SECONDS": "thirty", "SANXIANG_DATA_DIR": str(tmp_path)})
    assert result.returncode == 2
    assert "SANXIANG_SESSION_IDLE_SECONDS" in result.stderr


def test_embedded_mode_needs_no_configuration(tmp_path):
    result = _check({"SANXIANG_DATA_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr
