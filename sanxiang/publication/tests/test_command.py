"""`sanxiang desensitize`: stdin to stdout, --party repeatable, bad flags exit 2."""

import io
import json
import sys

import pytest
from django.core.management import ManagementUtility, call_command


def run(monkeypatch, text: str, *args) -> tuple[str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))
    out, err = io.StringIO(), io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    call_command("desensitize", *args)
    return out.getvalue(), err.getvalue()


def test_it_desensitizes_stdin_to_stdout_with_several_parties(monkeypatch):
    out, err = run(
        monkeypatch, "当事人王小明、李大力，电话13812345678。", "--party", "王小明", "--party", "李大力"
    )
    assert out == "当事人王某、李某，电话［电话已隐去］。" and err == ""


def test_it_writes_the_redaction_log_without_the_original_text(monkeypatch):
    out, err = run(monkeypatch, "电话13812345678", "--log")
    entries = [json.loads(line) for line in err.splitlines()]
    assert entries == [
        {"kind": "phone", "start": 2, "end": 13, "replacement": "［电话已隐去］", "origin": "auto"}
    ]
    assert "13812345678" not in err


def test_the_full_mask_policy(monkeypatch):
    out, _err = run(monkeypatch, "当事人王小明", "--party", "王小明", "--party-style", "mask")
    assert out == "当事人某某"


def test_bad_flags_exit_2(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    with pytest.raises(SystemExit) as exited:
        ManagementUtility(["sanxiang", "desensitize", "--bogus"]).execute()
    assert exited.value.code == 2
    with pytest.raises(SystemExit) as exited:
        ManagementUtility(["sanxiang", "desensitize", "--party-style", "half"]).execute()
    assert exited.value.code == 2


def test_the_scan_lists_overdue_publications_and_end_periods_runs(cast, decided, capsys):
    import datetime

    from sanxiang.publication.tests.conftest import publication_of

    publication = publication_of(decided(on=datetime.date.today() - datetime.timedelta(days=60)))
    out = io.StringIO()
    call_command("publication", "scan", "--json", stdout=out)
    rows = json.loads(out.getvalue())
    assert [(r["document_number"], r["light"]) for r in rows] == [(publication.document_number, "red")]
    out = io.StringIO()
    call_command("publication", "end-periods", stdout=out)
    assert "停止公示 0 件" in out.getvalue()
