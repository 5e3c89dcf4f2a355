"""Helpers for the campaign tests: open a campaign and fill a complete report through the services."""

import datetime

from sanxiang.supervision import services
from sanxiang.supervision.choices import Assessment


def open_campaign(cast, *bodies, today=None, **extra):
    data = {"title": "2026年行政执法三项制度“回头看”", "year": 2026, "bodies": [b.pk for b in bodies]}
    data.update(extra)
    return services.open_campaign(cast.supervisor, data, today=today or datetime.date(2026, 3, 10))


def complete_answers(report, assessment=Assessment.DONE, overrides=None) -> dict:
    overrides = overrides or {}
    answers = {}
    for item in report.campaign.items.all():
        value = overrides.get(item.number, assessment)
        answers[str(item.pk)] = {
            "assessment": value,
            "evidence_links": f"https://example.gov.cn/evidence/{item.number}",
            "problems": "" if value in (Assessment.DONE, Assessment.NOT_APPLICABLE) else "制度执行不到位",
        }
    return answers


def fill(user, report, assessment=Assessment.DONE, measures=None, overrides=None):
    data = {
        "narrative": "我局对照通知要求逐项开展自查，总体落实到位。",
        "answers": complete_answers(report, assessment, overrides),
        "measures": measures or [],
    }
    return services.save_report(user, report.pk, data, today=datetime.date(2026, 4, 1))
