"""E-mail settings fail fast with a message naming the variable (docs/operations.md)."""

import os
import subprocess
import sys

PRODUCTION = {
    "SANXIANG_ENV": "production",
    "SANXIANG_SECRET_KEY": "x" * 60,
    "SANXIANG_ALLOWED_HOSTS": "zhifa.example.cn",
    "DATABASE_URL": "postgres://sanxiang@127.0.0.1:5432/sanxiang",
}


def _settings(tmp_path, **overrides) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SANXIANG_", "DATABASE_URL"))}
    env.update({"SANXIANG_DATA_DIR": str(tmp_path), **overrides})
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'sanxiang.settings'; django.setup(); "
        "from django.conf import settings as s; print(s.EMAIL_BACKEND, s.SANXIANG_NOTIFY_EMAIL)"
    )
    # A fresh interpreter: settings are read once per process. The code is the literal above.
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
    )


def test_embedded_mode_writes_mail_to_files_without_a_mail_server(tmp_path):
    result = _settings(tmp_path)
    assert result.stdout.split() == ["django.core.mail.backends.filebased.EmailBackend", "True"]


def test_production_sends_no_mail_until_an_smtp_host_is_set(tmp_path):
    assert _settings(tmp_path, **PRODUCTION).stdout.split()[1] == "False"
    with_host = _settings(tmp_path, **PRODUCTION, SANXIANG_EMAIL_HOST="smtp.hejin.gov.cn")
    assert with_host.stdout.split() == ["django.core.mail.backends.smtp.EmailBackend", "True"]


def test_production_refuses_e_mail_switched_on_without_a_host(tmp_path):
    result = _settings(tmp_path, **PRODUCTION, SANXIANG_NOTIFY_EMAIL="true")
    assert result.returncode != 0 and "SANXIANG_EMAIL_HOST" in result.stderr
