"""`sanxiang workdays ...` through call_command, plus one real process."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from sanxiang.workdays.models import CalendarYear, SpecialDay
from sanxiang.workdays.selectors import is_workday

from .conftest import d

pytestmark = pytest.mark.django_db

EXAMPLE = Path(__file__).resolve().parent.parent / "data" / "example-2026.csv"


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("workdays", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def fails(*args) -> CommandError:
    with pytest.raises(CommandError) as excinfo:
        run(*args)
    return excinfo.value


def test_add_prints_the_date_alone():
    assert run("add", "2026-09-30", "7") == ("2026-10-15\n", "")


def test_add_supports_calendar_days_and_months():
    assert run("add", "2026-09-18", "15", "--kind", "calendar")[0] == "2026-10-08\n"
    assert run("add", "2026-04-01", "6", "--kind", "months")[0] == "2026-10-08\n"


def test_between_prints_the_count():
    assert run("between", "2026-09-30", "2026-10-15") == ("7\n", "")


def test_is_workday_answers_yes_or_no():
    assert run("is-workday", "2026-10-10") == ("yes\n", "")
    assert run("is-workday", "2026-10-08")[0] == "yes\n"
    assert run("is-workday", "2026-10-07")[0] == "no\n"


def test_answers_about_an_unloaded_year_warn_on_stderr_but_still_answer():
    out, err = run("add", "2026-12-30", "5")
    assert out == "2027-01-06\n"
    assert err == "警告：2027 年尚未载入国务院节假日安排，结果仅按周末推算（provisional）\n"
    assert run("is-workday", "2027-01-01") == ("yes\n", err)


@pytest.mark.parametrize(
    "args",
    [
        ("add", "2026-13-01", "7"),
        ("add", "30/09/2026", "7"),
        ("add", "2026-09-30", "seven"),
        ("add", "2026-09-30", "-1"),
        ("between", "2026-09-30", "tomorrow"),
        ("is-workday", ""),
        ("show", "27"),
    ],
)
def test_malformed_input_is_a_chinese_error_with_exit_code_2(args):
    error = fails(*args)
    assert error.returncode == 2
    assert "格式错误" in str(error)


def test_show_lists_the_special_days():
    out, _ = run("show", "2026")
    lines = out.splitlines()
    assert lines[0].startswith("2026 年：官方安排，来源 chinesecalendar 包")
    assert "2026-10-01 周四 休 国庆节" in lines
    assert "2026-10-10 周六 班 国庆节" in lines
    assert len(lines) == 26


def test_show_of_an_unloaded_year_warns():
    out, err = run("show", "2027")
    assert "未载入" in out and "2027 年尚未载入" in err


def write(tmp_path, text, encoding="utf-8"):
    path = tmp_path / "calendar.csv"
    path.write_bytes(text.encode(encoding))
    return str(path)


def test_import_loads_a_year_from_csv(tmp_path, calendar_changes, django_capture_on_commit_callbacks):
    csv = "date,kind,name\n2027-01-01,休,元旦\n2027-02-08,holiday,春节\n2027-02-20,班,春节\n"
    with django_capture_on_commit_callbacks(execute=True):
        out, _ = run("import", write(tmp_path, csv), "--note", "国办发明电〔2026〕X号")
    assert out == "已导入 2027 年节假日安排（官方安排）：法定节假日 2 天，调休上班 1 天\n"
    assert not is_workday(d("2027-01-01")) and is_workday(d("2027-02-20"))
    assert CalendarYear.objects.get(year=2027).loaded_by == "命令行"
    assert calendar_changes == [{2027}]


def test_import_accepts_excel_style_gb18030_with_bom_free_header(tmp_path):
    csv = "date,kind,name\r\n2027-01-01,休,元旦\r\n"
    out, _ = run("import", write(tmp_path, csv, "gb18030"))
    assert SpecialDay.objects.get(date=d("2027-01-01")).name == "元旦"


def test_the_example_file_reproduces_the_seeded_2026_arrangement():
    before = set(SpecialDay.objects.filter(calendar_year__year=2026).values_list("date", "kind", "name"))
    out, _ = run("import", str(EXAMPLE))
    assert "已替换原有数据（来源：chinesecalendar 包）" in out
    after = set(SpecialDay.objects.filter(calendar_year__year=2026).values_list("date", "kind", "name"))
    assert after == before


@pytest.mark.parametrize(
    ("csv", "message"),
    [
        ("date,kind,name\n2027-01-01,holiday,元旦\n2027-02-31,holiday,春节\n", "第 3 行：日期格式错误"),
        ("date,kind,name\n2027-01-01,holiday,元旦\n2027-02-08,off,春节\n", "第 3 行：类型“off”无效"),
        ("day,type\n2027-01-01,holiday\n", "表头"),
        ("date,kind,name\n2027-01-01,holiday,元旦\n2028-01-03,holiday,元旦\n", "同一年"),
        ("date,kind,name\n2027-01-01,holiday,元旦\n2027-02-06,holiday,春节\n", "是周六"),
        ("date,kind,name\n", "无法确定年份"),
    ],
)
def test_a_malformed_csv_fails_and_imports_nothing(tmp_path, csv, message, calendar_changes):
    error = fails("import", write(tmp_path, csv))
    assert error.returncode == 2
    assert message in str(error)
    assert not CalendarYear.objects.filter(year=2027).exists()
    assert calendar_changes == []


def test_import_with_an_explicit_year_refuses_rows_of_another_year(tmp_path):
    error = fails("import", write(tmp_path, "date,kind\n2027-01-01,holiday\n"), "--year", "2028")
    assert "不属于 2028 年" in str(error)


def test_a_missing_file_is_a_clear_error(tmp_path):
    assert "无法读取文件" in str(fails("import", str(tmp_path / "missing.csv")))


def test_the_real_command_line_prints_the_date_and_exits_2_on_bad_input(tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "SANXIANG_DATA_DIR": str(tmp_path),
    }
    env.pop("SANXIANG_ENV", None)

    def sanxiang(*args):
        command = [sys.executable, "-m", "sanxiang", *args]
        return subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)  # noqa: S603

    assert sanxiang("migrate", "workdays", "--verbosity", "0").returncode == 0
    done = sanxiang("workdays", "add", "2026-09-30", "7")
    assert (done.returncode, done.stdout, done.stderr) == (0, "2026-10-15\n", "")
    bad = sanxiang("workdays", "add", "2026-09-31", "7")
    assert bad.returncode == 2 and "日期格式错误" in bad.stderr
