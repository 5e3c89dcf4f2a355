"""Demo data of the evaluation app for the demo city (run after `sanxiang demo`), through the services.

Idempotent: a second call finds the 2026 plan and adds nothing.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from sanxiang.orgs.models import User

from . import services
from .models import InspectionPlan, SampledFile
from .services.plans import evaluable_bodies

PLAN_TITLE = "2026年行政执法三项制度“回头看”专项监督检查"
SEED = "20210003"  # after 河法治办字【2021】3号


def _say(stdout, text: str) -> None:
    if stdout is not None:
        stdout.write(text)


def seed_demo(stdout=None) -> bool:
    """Add the plan, scores, notices, articles and complaints; False when already present or no city."""
    if InspectionPlan.objects.filter(title=PLAN_TITLE).exists():
        _say(stdout, "案卷评查演示数据已存在")
        return False
    supervisor = User.objects.filter(username="sfj.supervisor").first()
    bodies = list(evaluable_bodies())
    if supervisor is None or len(bodies) < 3:
        _say(stdout, "未找到演示城市，请先运行 sanxiang demo")
        return False
    today = timezone.localdate()
    plan = services.create_plan(
        supervisor,
        {
            "year": 2026,
            "title": PLAN_TITLE,
            "scope": "执法公示、全过程记录、重大执法决定法制审核制度落实情况；抽查案卷评查。",
            "window_start": datetime.date(2026, 5, 1),
            "window_end": datetime.date(2026, 5, 31),
            "cases_from": today - datetime.timedelta(days=400),
            "cases_to": today,
            "per_stratum": 2,
            "bodies": [b.pk for b in bodies],
        },
    )
    evaluated, others = bodies[: len(bodies) // 2], bodies[len(bodies) // 2 :]
    team = services.add_team(supervisor, plan, {"name": "第一评查组"})
    services.add_member(supervisor, team, {"user": supervisor.pk})
    for body in evaluated:
        services.assign_body(supervisor, team, {"body": body.pk})
    # 交叉评查: an officer of a body the team does not evaluate joins it.
    peer = User.objects.filter(officer__body=others[-1], is_active=True).first()
    if peer is not None:
        services.add_member(supervisor, team, {"user": peer.pk})
    services.draw_samples(supervisor, plan, {"seed": SEED})
    items = {i.code: i.pk for i in plan.rubric.items.all()}
    findings = [
        {
            f"defects_{items['filling']}": 2,
            f"defects_{items['notice']}": 1,
            "comments": "告知书未载明听证权利",
        },
        {f"defects_{items['service']}": 1, "comments": "缺少送达回证"},
        {f"defects_{items['officers']}": "on", "comments": "调查询问仅一名执法人员"},
        {"comments": "案卷规范"},
    ]
    samples = SampledFile.objects.filter(plan=plan, body__in=evaluated).order_by(
        "body__name", "stratum", "rank"
    )
    for n, sample in enumerate(samples[::2]):
        services.save_evaluation(supervisor, sample, findings[n % len(findings)], submit=True)
    _notices(supervisor, bodies, today)
    # The notice issued 45 days ago is past its 30-day deadline (SUP-02): escalate it as the daily
    # job would, so the demo shows the draft 通报批评 and the notifications it sends.
    services.escalate_overdue(today)
    _articles(supervisor, bodies)
    _complaints(bodies)
    _say(stdout, f"案卷评查演示数据：检查 1 项，抽取案卷 {plan.samples.count()} 卷")
    return True


def _notices(supervisor, bodies, today) -> None:
    for body, issued, title in (
        (bodies[0], today - datetime.timedelta(days=5), "案卷评查发现问题"),
        (bodies[1], today - datetime.timedelta(days=45), "执法公示不及时"),
    ):
        notice = services.create_notice(
            supervisor,
            {
                "kind": "rectification",
                "body": body.pk,
                "title": f"关于{body.name}{title}的整改通知",
                "text": f"经专项监督检查，{body.name}存在以下问题，请于期限内整改并报送整改情况。",
                "items": "行政处罚决定信息未在 7 个工作日内公示\n部分案卷缺少音像记录\n法制审核目录未公开",
            },
        )
        services.issue_notice(supervisor, notice, {"date": issued.isoformat()})


def _articles(supervisor, bodies) -> None:
    for body, title, summary in (
        (bodies[0], "“双随机、一公开”全流程留痕", "抽查名单、检查记录和结果公示全部在平台流转，做到可回溯。"),
        (
            bodies[1],
            "重大执法决定法制审核“清单化”",
            "编制审核目录清单，送审材料一次告知，审核意见书统一格式。",
        ),
    ):
        article = services.save_article(
            supervisor,
            {
                "title": title,
                "summary": summary,
                "text": f"{summary}\n\n主要做法：明确责任分工，完善制度流程，强化监督考核。",
                "body": body.pk,
            },
        )
        services.set_published(supervisor, article, True)


def _complaints(bodies) -> None:
    chief = User.objects.filter(grants__role="agency_head", grants__body=bodies[0]).first()
    texts = [
        ("complaint", bodies[0].pk, "执法人员未出示执法证件", "现场检查时执法人员未主动出示执法证件。"),
        ("report", "", "无证经营长期未查处", "某路段多家商户无证经营，多次反映未见处理。"),
        ("complaint", bodies[0].pk, "处罚决定书未说明理由", "收到的处罚决定书未说明裁量理由。"),
    ]
    made = [
        services.submit_complaint(
            {"kind": k, "about_body": b, "subject": s, "content": c, "name": "", "phone": ""}
        )
        for k, b, s, c in texts
    ]
    if chief is not None:
        services.accept(chief, made[0])
        services.accept(chief, made[2])
        services.answer(
            chief, made[2], {"answer": "经核查，决定书说理不充分，已责令承办机构补正并加强培训。"}
        )
