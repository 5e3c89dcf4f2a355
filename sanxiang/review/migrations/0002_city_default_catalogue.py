"""The city-wide default catalogue (全市通用目录, version 1), so that REV-01 holds from day one.

The justice bureau revises it by drafting version 2 in the staff UI; this migration never changes.
Thresholds follow the MSA "较大数额" figures also used for the hearing right (CASE-09).
"""

import datetime
from decimal import Decimal

from django.db import migrations

ITEMS = [
    ("penalty_kind", "吊销许可证件", ["revoke_license"], None, None, ""),
    ("penalty_kind", "责令停产停业、责令关闭、限制从业", ["suspend_business", "close", "restrict_practice"], None, None, ""),
    ("amount", "较大数额罚款", ["fine"], "10000", "100000", ""),
    ("amount", "没收较大数额违法所得", ["confiscate_gains"], "10000", "100000", ""),
    ("amount", "没收较大价值非法财物", ["confiscate_property"], "10000", "100000", ""),
    ("hearing", "经过听证程序作出的决定", [], None, None, ""),
    ("factor", "涉及重大公共利益的", [], None, None, "public_interest"),
    ("factor", "可能造成重大社会影响或引发社会风险的", [], None, None, "social_risk"),
    ("factor", "直接关系行政相对人或第三人重大权益的", [], None, None, "major_rights"),
    ("factor", "案件情况疑难复杂、涉及多个法律关系的", [], None, None, "complex"),
    ("factor", "法律、法规规定应当进行法制审核的", [], None, None, "statute"),
]
BASIS = "《中华人民共和国行政处罚法》第五十八条；国办发〔2018〕118号（十二）"


def seed(apps, schema_editor):
    Catalogue = apps.get_model("review", "Catalogue")
    Item = apps.get_model("review", "CatalogueItem")
    if Catalogue.objects.filter(body__isnull=True).exists():
        return
    catalogue = Catalogue.objects.create(
        body=None,
        version=1,
        title="重大执法决定法制审核目录清单（全市通用）",
        status="in_force",
        effective_from=datetime.date(2019, 1, 1),
        published=True,
        published_on=datetime.date(2019, 1, 1),
        note="各执法机关在此基础上结合本部门实际增加事项、降低数额标准，编制并公布本机关目录清单。",
    )
    for number, (kind, title, kinds, person, org, factor) in enumerate(ITEMS, start=1):
        Item.objects.create(
            catalogue=catalogue,
            number=number,
            kind=kind,
            title=title,
            penalty_kinds=kinds,
            threshold_person=Decimal(person) if person else None,
            threshold_org=Decimal(org) if org else None,
            factor=factor,
            legal_basis=BASIS,
        )


def unseed(apps, schema_editor):
    Catalogue = apps.get_model("review", "Catalogue")
    Catalogue.objects.filter(body__isnull=True, version=1).delete()


class Migration(migrations.Migration):
    dependencies = [("review", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
