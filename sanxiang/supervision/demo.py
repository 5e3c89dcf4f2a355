"""Demo data: the 2026 look-back campaign of the demo city in progress, and eight weeks of snapshots.

Run after `sanxiang demo` built bodies, officers and cases. Through the real services: the justice
bureau's supervisor opens the campaign (河法治办字【2021】3号, all bodies in scope); the first half of
the bodies' agency heads fill and submit their reports (one of them is returned for revision, two
are recorded), one body keeps a draft, the rest have not started; late bodies are reminded. Then
one indicator snapshot per week for the last eight weeks. Idempotent: a second run changes nothing.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from sanxiang.orgs.choices import Role
from sanxiang.orgs.models import RoleGrant, User

from . import services, snapshots
from .choices import Assessment
from .models import Campaign
from .scoring import scoring_bodies
from .selectors import report_indicators

WEEKS = 8


def _chief(body):
    grant = RoleGrant.objects.filter(role=Role.AGENCY_HEAD, body=body).select_related("user").first()
    return grant.user if grant else None


def _answers(report) -> tuple[dict, list]:
    """Self-assessments that mostly follow the computed indicators; one optimistic item stays 已落实."""
    values = report_indicators(report)
    answers, measures = {}, []
    for n, item in enumerate(report.campaign.items.all()):
        failing = [
            values[c]["title"] for c in item.indicator_codes if values.get(c, {}).get("status") == "fail"
        ]
        assessment = Assessment.PARTIAL if failing and n % 3 else Assessment.DONE
        answers[str(item.pk)] = {
            "assessment": assessment,
            "evidence_links": f"本机关“回头看”台账第 {item.number} 项",
            "problems": f"{'、'.join(failing)}未达标" if assessment == Assessment.PARTIAL else "",
        }
        if assessment == Assessment.PARTIAL:
            measures.append(
                {
                    "item": str(item.pk),
                    "measure": f"针对“{'、'.join(failing)}”制定整改方案并逐项销号",
                    "owner": "法制科",
                    "deadline": (report.campaign.inspection_end + datetime.timedelta(days=30)).isoformat(),
                }
            )
    return answers, measures


def seed_demo(stdout=None) -> dict:
    say = stdout.write if stdout else (lambda _text: None)
    today = timezone.localdate()
    counts = {"campaigns": 0, "submitted": 0, "snapshots": 0}
    supervisor = User.objects.filter(grants__role=Role.SUPERVISOR).order_by("id").first()
    bodies = list(scoring_bodies())
    if supervisor is None or not bodies:
        say("未找到演示城市（请先运行 sanxiang demo），跳过执法监督演示数据\n")
        return counts
    year = 2026
    if not Campaign.objects.filter(year=year).exists():
        opened = min(today, datetime.date(year, 3, 15))
        campaign = services.open_campaign(
            supervisor,
            {
                "title": f"{year}年行政执法三项制度“回头看”",
                "year": year,
                "notice_number": "河法治办字【2021】3号",
                "bodies": [b.pk for b in bodies],
                "period_end": opened.isoformat(),
            },
            today=opened,
        )
        counts["campaigns"] = 1
        reports = list(campaign.reports.select_related("body").order_by("body__name"))
        filing = reports[: max(len(reports) // 2, 1)]
        filed_on = min(today, datetime.date(year, 4, 25))
        for n, report in enumerate(filing):
            chief = _chief(report.body)
            if chief is None:
                continue
            answers, measures = _answers(report)
            narrative = (
                f"{report.body.name}对照河法治办字【2021】3号逐项开展自查。执法公示、全过程记录和法制审核制度已建立，"
                "部分事项存在不足，已制定整改措施并明确责任人和时限。"
            )
            services.save_report(
                chief,
                report.pk,
                {"narrative": narrative, "answers": answers, "measures": measures},
                today=filed_on,
            )
            services.submit_report(chief, report.pk, today=filed_on)
            counts["submitted"] += 1
            if n == 0:
                services.return_report(
                    supervisor,
                    report.pk,
                    "第 10、11 项佐证材料不足，请补充音像记录设备台账后重新报送。",
                    today=filed_on,
                )
            elif n in (1, 2):
                services.record_report(supervisor, report.pk, "同意备案", today=filed_on)
        draft = reports[len(filing)] if len(reports) > len(filing) else None
        if draft and (chief := _chief(draft.body)):
            services.save_report(chief, draft.pk, {"narrative": "自查工作正在进行中。"}, today=filed_on)
        services.remind_overdue(today)
    for week in range(WEEKS - 1, -1, -1):
        result = snapshots.take_snapshot(today - datetime.timedelta(weeks=week))
        counts["snapshots"] += int(result.created)
    say(
        f"执法监督：“回头看”活动 {counts['campaigns']} 个（报送 {counts['submitted']} 份），"
        f"新增指标快照 {counts['snapshots']} 天\n"
    )
    return counts
