"""Demo disclosure for the demo city of 河津市, through the same services as the staff pages.

Run after `sanxiang demo` built bodies, officers and accounts. Each enforcement body's disclosure
staff (`<key>.disclose`) writes its profile, the justice bureau (`sfj.supervisor`) approves it and
market supervision (`scj.msa`) approves the random-inspection lists, except 河津市自然资源局's,
which stays submitted so that the indicators have a gap to show. Idempotent: a body that already
has disclosure items is left alone.
"""

from __future__ import annotations

from django.db import transaction

from sanxiang.demo import data
from sanxiang.orgs.models import EnforcementBody, Officer, User

from . import services
from .choices import ItemKind
from .models import Item
from .testing import SAMPLES

UNAPPROVED_RANDOM_LIST = "zrj"


def _profile(spec: data.BodySpec, body: EnforcementBody) -> list[tuple[str, dict]]:
    basis = spec.legal_basis.split("；")[0]
    law = basis.split("》")[0] + "》" if "》" in basis else basis
    remedy = f"对行政行为不服的，可自知道之日起六十日内向{spec.reconsideration_organ}申请行政复议，或六个月内向人民法院提起行政诉讼。"
    return [
        (
            ItemKind.BODY_INFO,
            {
                "subject": f"{body.name}（{body.get_kind_display()}）",
                "legal_basis": spec.legal_basis,
                "duties": spec.duties,
                "remedies": remedy,
                "address": spec.address,
                "phone": spec.phone,
            },
        ),
        (
            ItemKind.ENFORCEMENT_ITEM,
            {
                "name": f"{spec.fields}领域违法行为的行政处罚",
                "code": f"{spec.key.upper()}-CF-001",
                "kind": "penalty",
                "basis": f"{law}及相关法律、法规、规章",
                "subject": body.name,
                "procedure": "立案、调查取证、法制审核（重大执法决定）、告知、陈述申辩或听证、决定、送达、执行",
                "time_limit": "自立案之日起九十日内作出处理决定",
                "remedy": remedy,
            },
        ),
        (
            ItemKind.ENFORCEMENT_ITEM,
            {
                "name": f"{spec.fields}领域行政检查",
                "code": f"{spec.key.upper()}-JC-001",
                "kind": "inspection",
                "basis": f"{law}",
                "subject": body.name,
                "procedure": "制定计划、随机抽取、现场检查（两名以上执法人员、出示证件）、结果公示",
                "time_limit": "检查结束后二十个工作日内公示结果",
                "remedy": remedy,
            },
        ),
        (
            ItemKind.SERVICE_GUIDE,
            {
                **SAMPLES[ItemKind.SERVICE_GUIDE],
                "name": f"{spec.fields}行政执法投诉举报受理",
                "basis": law,
                "accepting_body": f"{body.name}办公室",
                "approving_body": body.name,
                "conditions": "有明确的被投诉举报对象和具体违法事实",
                "materials": "投诉举报书（可口头提出，由工作人员记录）；相关证据材料",
                "time_limit": "7 个工作日内决定是否受理",
                "consult": f"{body.name}，{spec.phone}",
            },
        ),
        (ItemKind.FLOWCHART, dict(SAMPLES[ItemKind.FLOWCHART])),
        (
            ItemKind.RANDOM_ITEM,
            {
                "name": f"{spec.fields}领域双随机抽查",
                "category": "general",
                "basis": law,
                "subject": body.name,
                "objects": "辖区内相关市场主体",
                "content": "依法应当检查的经营条件、许可事项落实情况",
                "method": "现场检查、书面检查",
            },
        ),
    ]


def _window(spec: data.BodySpec, body: EnforcementBody) -> dict | None:
    officers = list(Officer.objects.filter(body=body, is_active=True).order_by("name")[:2])
    if not officers:
        return None
    return {
        "name": f"{spec.short_name}政务服务窗口",
        "location": "河津市政务服务中心",
        "duties": f"受理{spec.fields}领域的许可申请、投诉举报，提供政策咨询，一次性告知所需材料。",
        "sample_forms": "申请书（样表）\n授权委托书（样表）",
        "progress_query": f"山西政务服务网“办件查询”，或拨打 {spec.phone}",
        "complaint": "12345 政务服务便民热线；河津市司法局行政执法监督科",
        "is_active": "on",
        "staff": [o.pk for o in officers],
    }


def seed_demo(stdout=None) -> int:
    """Publish each demo body's profile and a position board; returns the number of bodies seeded."""
    supervisor = User.objects.filter(username="sfj.supervisor").first()
    msa = User.objects.filter(username="scj.msa").first()
    seeded = 0
    for spec in data.BODIES:
        if spec.is_justice_bureau:
            continue
        body = EnforcementBody.objects.filter(name=spec.name).first()
        staff = User.objects.filter(username=f"{spec.key}.disclose").first()
        if body is None or staff is None or supervisor is None or msa is None:
            continue
        if Item.objects.filter(body=body).exists():
            continue
        with transaction.atomic():
            for kind, content in _profile(spec, body):
                item = services.create_item(staff, body.pk, kind, content)
                services.submit(staff, item.pk)
                if kind == ItemKind.RANDOM_ITEM and spec.key == UNAPPROVED_RANDOM_LIST:
                    continue  # left for market supervision's queue (indicator: random list not published)
                services.approve(msa if kind == ItemKind.RANDOM_ITEM else supervisor, item.pk)
                services.publish(staff, item.pk)
            window = _window(spec, body)
            if window:
                services.save_window(staff, body.pk, window)
        seeded += 1
        if stdout is not None:
            stdout.write(f"公示信息：{body.name} 已公开主体信息、执法事项、服务指南、流程图和岗位公示牌\n")
    return seeded
