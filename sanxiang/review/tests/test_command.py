"""`sanxiang review alerts|gaps`: the scheduled scans print what the pages show."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from sanxiang.review import services
from sanxiang.review.testing import submit_complete

pytestmark = pytest.mark.django_db


def test_the_scans_print_overdue_reviews_and_catalogue_gaps(cast, major_case, reviewer, day, capsys):
    submission = submit_complete(major_case(), cast.officer_a, day)
    services.accept(reviewer, submission.pk, {"date": day})
    call_command("review", "alerts")
    out = capsys.readouterr()
    assert "已超期" in out.out and "共 1 条" in out.err
    call_command("review", "gaps", "--date", "2025-01-01")
    out = capsys.readouterr()
    assert cast.body_a.name in out.out and cast.body_b.name in out.out
    with pytest.raises(CommandError) as bad:
        call_command("review", "gaps", "--date", "yesterday")
    assert bad.value.returncode == 2
