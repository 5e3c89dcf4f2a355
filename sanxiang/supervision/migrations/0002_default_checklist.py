"""The default look-back checklist, item by item from 河法治办字【2021】3号 (二、主要内容; 三、工作要求).

Stored as data so the bureau can edit the default (admin) and each campaign's copy (staff UI).
"""

from django.db import migrations

# (number, section, text, indicator codes)
DEFAULT_CHECKLIST = [
    (1, "disclosure", "编制《行政执法事项清单》，明确行政执法主体、人员、职责、权限、依据、程序、救济渠道等事前公开内容，经审核后公示。",
     ["disc_item_list"]),
    (2, "disclosure", "根据“双随机、一公开”监管要求编制本部门《随机抽查事项清单》，经本级市场监管部门审核后予以公示。",
     ["disc_random_list"]),
    (3, "disclosure", "编制各类行政执法流程图和行政执法服务指南，明确操作流程及事项名称、依据、受理机构、审批机构、受理条件、办理时限等内容。",
     ["disc_guides"]),
    (4, "disclosure", "执法人员开展监督检查、调查取证、采取强制措施和强制执行、送达执法文书时主动出示证件表明身份；按规定规范着装、佩戴标识。",
     ["cred_valid"]),
    (5, "disclosure", "办事大厅、服务窗口等办事场所设置岗位信息公示牌，明示岗位职责、申请材料示范文本、办理进度查询、咨询服务、投诉举报等信息。",
     []),
    (6, "disclosure", "执法决定作出之日起 20 个工作日内公布执法机关、执法对象、执法类别、执法结论；行政许可、行政处罚决定 7 个工作日内公开。",
     ["pub_on_time"]),
    (7, "disclosure", "建立健全执法决定信息公开发布、撤销和更新机制。", ["pub_withdrawals"]),
    (8, "disclosure", "建立健全行政执法统计年报制度，于每年 1 月 31 日前公开本部门上年度行政执法总体情况和有关数据。",
     ["stat_annual_report"]),
    (9, "recording", "参照统一适用的行政执法文书格式文本规范执法文书制作，执法各环节文字记录齐全。", ["rec_documents"]),
    (10, "recording", "充分利用音像记录设备，对现场执法活动和办案场所全程记录。", ["av_mandatory", "av_field"]),
    (11, "recording", "明确音像记录设备标准、配备标准、配备比例，按照工作必需、适量够用的原则配备。", ["recorder_ratio"]),
    (12, "review", "明确负责重大执法决定法制审核的工作机构，确保有机构承担、有专人负责（法制审核人员原则上不少于执法人员的 5%）；"
     "建立健全法律顾问和公职律师制度。", ["rev_reviewers"]),
    (13, "review", "明确界定重大行政执法决定的审核范围，编制《重大行政执法决定法制审核目录清单》。", ["rev_catalogue"]),
    (14, "review", "作出重大执法决定前严格进行法制审核，未经法制审核或审核未通过的，不得作出决定。", ["rev_missing"]),
    (15, "review", "确定法制审核流程图，明确送审材料报送要求和审核的方式、时限、责任，建立审核意见不一致时的协调机制。",
     ["rev_on_time"]),
    (16, "work", "明确部门主要负责人是本部门全面推行三项制度工作的第一责任人，加强组织领导。", []),
    (17, "work", "自 2019 年 7 月起按照新修订完善的制度全面、严格、规范推行三项制度，按法定程序和期限办理案件。",
     ["cases_overdue"]),
    (18, "work", "对制度落实中存在的困难问题进行梳理分析，提出整改措施。", []),
    (19, "work", "利用新闻媒体、公众号等方式宣传报道本部门推行三项制度中的典型经验和好的做法。", []),
]


def seed(apps, schema_editor):
    Item = apps.get_model("supervision", "ChecklistTemplateItem")
    for number, section, text, codes in DEFAULT_CHECKLIST:
        Item.objects.update_or_create(
            number=number, defaults={"section": section, "text": text, "indicator_codes": codes}
        )


def unseed(apps, schema_editor):
    apps.get_model("supervision", "ChecklistTemplateItem").objects.filter(
        number__in=[n for n, *_ in DEFAULT_CHECKLIST]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("supervision", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
