"""Static tables of the demo city, 河津市 (Shanxi, under 运城市, region code 140882).

Everything here is invented but plausible: names, addresses, telephone numbers and identifiers are
generated for the demo and do not describe real people or the real agencies' real data.
"""

from __future__ import annotations

from dataclasses import dataclass

from sanxiang.orgs.choices import DepartmentKind

REGION_CODE = "140882"
REGION_NAME = "山西省运城市河津市"
CITY = "河津市"
# Public by design: printed by `sanxiang demo --accounts` and docs/demo.md. Demo databases only.
DEMO_PASSWORD = "Hejin#Demo2026"  # noqa: S105
CREDENTIAL_ISSUER = "山西省人民政府"
COURT = "河津市人民法院"
CITY_GOVERNMENT = "河津市人民政府"
POLICE = "河津市公安局"

H, L, OFFICE = DepartmentKind.HANDLING, DepartmentKind.LEGAL_REVIEW, DepartmentKind.OFFICE


@dataclass(frozen=True)
class BodySpec:
    """One enforcement body: `key` prefixes its demo usernames (pinyin abbreviation)."""

    key: str
    name: str
    short_name: str
    org_code: str  # 8 digits; the GB 11714 check character and the credit code are derived
    departments: tuple[tuple[str, str], ...]  # (name, kind); the first handling unit takes the cases
    duties: str
    legal_basis: str
    address: str
    phone: str
    fields: str  # 执法领域 printed on its officers' credentials
    reconsideration_organ: str = CITY_GOVERNMENT
    is_market_supervision: bool = False
    is_justice_bureau: bool = False


BODIES: tuple[BodySpec, ...] = (
    BodySpec(
        "scj",
        "河津市市场监督管理局",
        "河市监",
        "01234570",
        (("执法稽查科", H), ("食品安全监督管理科", H), ("法规科", L), ("办公室", OFFICE)),
        "负责市场综合监督管理，查处无照经营、虚假宣传、食品安全、产品质量、价格等违法行为。",
        "《中华人民共和国行政处罚法》《中华人民共和国食品安全法》《中华人民共和国广告法》《市场主体登记管理条例》；"
        "《河津市机构改革方案》",
        "河津市城区街道龙门大道118号",
        "0359-5022315",
        "市场监督管理",
        is_market_supervision=True,
    ),
    BodySpec(
        "hbj",
        "运城市生态环境局河津分局",
        "河环",
        "01234582",
        (("生态环境保护综合行政执法队", H), ("法规与标准科", L), ("办公室", OFFICE)),
        "负责本行政区域生态环境监督执法，查处大气、水、固体废物污染及建设项目环境违法行为。",
        "《中华人民共和国环境保护法》《中华人民共和国大气污染防治法》《中华人民共和国环境影响评价法》"
        "《中华人民共和国固体废物污染环境防治法》",
        "河津市清涧街道新耿大道266号",
        "0359-5036120",
        "生态环境保护",
        reconsideration_organ="运城市人民政府",
    ),
    BodySpec(
        "jtj",
        "河津市交通运输局",
        "河交",
        "01234599",
        (("交通运输综合行政执法队", H), ("政策法规科", L), ("办公室", OFFICE)),
        "负责道路运输、公路路政等交通运输行政执法，查处非法营运、超限运输等违法行为。",
        "《中华人民共和国公路法》《中华人民共和国道路运输条例》《公路安全保护条例》",
        "河津市城区街道府西路36号",
        "0359-5023411",
        "交通运输",
    ),
    BodySpec(
        "zhzf",
        "河津市综合行政执法局",
        "河综执",
        "01234603",
        (("城区执法一大队", H), ("城区执法二大队", H), ("法制科", L), ("办公室", OFFICE)),
        "集中行使市容环境卫生、城乡规划、建筑垃圾管理等方面的行政处罚权。",
        "《中华人民共和国城乡规划法》《城市市容和环境卫生管理条例》《城市建筑垃圾管理规定》；"
        "山西省人民政府关于河津市开展相对集中行政处罚权工作的批复",
        "河津市城区街道人民路52号",
        "0359-5051288",
        "城市管理综合执法",
    ),
    BodySpec(
        "yjj",
        "河津市应急管理局",
        "河应急",
        "01234611",
        (("安全生产执法监察队", H), ("政策法规科", L), ("办公室", OFFICE)),
        "负责安全生产综合监督管理和工矿商贸行业安全生产监督执法。",
        "《中华人民共和国安全生产法》《生产安全事故应急条例》",
        "河津市城区街道北环路9号",
        "0359-5029110",
        "安全生产",
    ),
    BodySpec(
        "zrj",
        "河津市自然资源局",
        "河自然",
        "01234628",
        (("自然资源执法监察大队", H), ("法规科", L), ("办公室", OFFICE)),
        "负责土地、矿产等自然资源开发利用的监督检查，查处非法占地、非法转让土地等违法行为。",
        "《中华人民共和国土地管理法》《中华人民共和国土地管理法实施条例》《中华人民共和国矿产资源法》",
        "河津市城区街道府东路21号",
        "0359-5025633",
        "自然资源",
    ),
    BodySpec(
        "wlj",
        "河津市文化和旅游局",
        "河文旅",
        "01234636",
        (("文化市场综合行政执法队", H), ("政策法规科", L), ("办公室", OFFICE)),
        "负责文化、旅游市场行政执法，查处无证经营网吧、违规接纳未成年人、旅行社违规经营等行为。",
        "《中华人民共和国旅游法》《互联网上网服务营业场所管理条例》《娱乐场所管理条例》",
        "河津市城区街道解放路88号",
        "0359-5027060",
        "文化市场",
    ),
    BodySpec(
        "wjw",
        "河津市卫生健康委员会",
        "河卫健",
        "01234644",
        (("卫生健康综合监督执法队", H), ("政策法规与综合监督科", L), ("办公室", OFFICE)),
        "负责医疗卫生、公共场所卫生、传染病防治等方面的综合监督执法。",
        "《中华人民共和国基本医疗卫生与健康促进法》《医疗机构管理条例》《公共场所卫生管理条例》《医疗废物管理条例》",
        "河津市清涧街道龙门大道305号",
        "0359-5041120",
        "卫生健康",
    ),
    BodySpec(
        "nyj",
        "河津市农业农村局",
        "河农",
        "01234652",
        (("农业综合行政执法队", H), ("法规科", L), ("办公室", OFFICE)),
        "负责农药、种子、肥料、兽药等农业投入品和农产品质量安全的行政执法。",
        "《农药管理条例》《中华人民共和国种子法》《中华人民共和国农产品质量安全法》",
        "河津市城区街道南环路17号",
        "0359-5032547",
        "农业",
    ),
    BodySpec(
        "sfj",
        "河津市司法局",
        "河司",
        "01234669",
        (("行政执法协调监督科", H), ("法治调研科", L), ("办公室", OFFICE)),
        "负责全市行政执法协调监督工作，组织推行行政执法公示、执法全过程记录、重大执法决定法制审核三项制度。",
        "《中华人民共和国行政处罚法》《山西省行政执法条例》；中共河津市委全面依法治市委员会办公室"
        "《关于开展行政执法三项制度“回头看”的通知》（河法治办字【2021】3号）",
        "河津市城区街道府西路12号",
        "0359-5022148",
        "行政执法监督",
        is_justice_bureau=True,
    ),
)

REMEDIES = (
    "对本机关作出的行政处罚决定不服的，可以自收到决定书之日起六十日内向{organ}申请行政复议，"
    "或者自收到决定书之日起六个月内向{court}提起行政诉讼。"
)

# Seats to fill in each body: (part in the demo, post, department kind, staff type, credential?, legal?).
# Parts: chief / head / officer / staff / review / disclose / aux (see city.py).
Seat = tuple[str, str, str, str, bool, bool]
SEATS: tuple[Seat, ...] = (
    ("chief", "局长", OFFICE, "civil_servant", True, False),
    ("head", "科长", H, "civil_servant", True, False),
    ("officer", "一级科员", H, "civil_servant", True, False),
    ("staff", "四级主任科员", H, "civil_servant", True, False),
    ("staff", "执法队员", H, "quasi_civil_servant", True, False),
    ("staff", "执法队员", H, "public_institution", True, False),
    ("review", "法规科科长", L, "civil_servant", True, True),
    ("disclose", "科员", OFFICE, "public_institution", False, False),
)
# Indices in SEATS of the officer whose credential is suspended / expired, in the bodies city.py names.
SUSPENDED_SEAT, EXPIRED_SEAT = 5, 4
AUX_SEAT: Seat = ("aux", "辅助执法人员", H, "contract", False, False)
WORKER_SEAT: Seat = ("aux", "工勤人员", OFFICE, "worker", False, False)
MSA_SEAT: Seat = ("msa", "信用监督管理科科长", L, "civil_servant", True, True)
JUSTICE_SEATS: tuple[Seat, ...] = (
    ("chief", "局长", OFFICE, "civil_servant", True, True),
    ("supervisor", "行政执法协调监督科科长", H, "civil_servant", True, True),
    ("staff", "一级科员", H, "civil_servant", True, True),
    ("staff", "四级主任科员", H, "civil_servant", True, False),
    ("staff", "科员", L, "civil_servant", False, True),
    ("aux", "工勤人员", OFFICE, "worker", False, False),
)

SURNAMES = "王王王张张张李李李刘刘杨杨赵赵薛薛薛史史卫卫原原畅柴樊郭郭贾梁任韩孙高吉乔董马宋程席景黄吕冯"
GIVEN = (
    "建国",
    "志强",
    "伟",
    "芳",
    "静",
    "晓东",
    "海燕",
    "红梅",
    "永刚",
    "立新",
    "俊杰",
    "丽娟",
    "鹏飞",
    "文博",
    "雪",
    "磊",
    "娜",
    "波",
    "婷",
    "浩然",
    "宇航",
    "晨阳",
    "佳怡",
    "子涵",
    "国庆",
    "建军",
    "慧敏",
    "春生",
    "秀英",
    "玉兰",
    "卫东",
    "爱华",
    "振华",
    "旭",
    "敏",
    "涛",
    "欣怡",
    "瑞",
    "明亮",
    "文杰",
    "少华",
    "艳",
    "金龙",
    "福生",
    "国强",
    "小军",
    "亚楠",
    "冬梅",
    "凯",
    "晓峰",
    "宏伟",
    "继红",
    "新民",
    "学军",
    "彦斌",
)

FEMALE_GIVEN = frozenset(
    (
        "芳",
        "静",
        "海燕",
        "红梅",
        "丽娟",
        "雪",
        "娜",
        "婷",
        "佳怡",
        "子涵",
        "慧敏",
        "秀英",
        "玉兰",
        "欣怡",
        "艳",
        "亚楠",
        "冬梅",
    )
)

PLACES = ("清涧街道", "城区街道", "樊村镇", "僧楼镇", "小梁乡", "柴家乡", "阳村乡", "下化乡")
VILLAGES = {
    "清涧街道": ("清涧村", "北街社区", "连伯村"),
    "城区街道": ("南街社区", "东辛封村", "龙门社区"),
    "樊村镇": ("樊村", "干涧村", "古垛村"),
    "僧楼镇": ("僧楼村", "北方平村", "张吴村"),
    "小梁乡": ("小梁村", "梁村", "南午芹村"),
    "柴家乡": ("柴家村", "西王村", "东窑头村"),
    "阳村乡": ("阳村", "史家窑村", "马家堡村"),
    "下化乡": ("下化村", "老窑头村", "尹村"),
}
STREETS = (
    "龙门大道",
    "新耿大道",
    "府东路",
    "府西路",
    "人民路",
    "解放路",
    "北环路",
    "南环路",
    "桥北路",
    "滨河路",
)
BRANDS = (
    "龙门",
    "汾河",
    "禹门",
    "耿都",
    "鑫源",
    "晋阳",
    "华泽",
    "宏达",
    "永兴",
    "瑞丰",
    "恒通",
    "金汇",
    "正大",
    "益民",
)
PHONE_PREFIXES = ("13935", "13835", "15035", "15234", "18235", "13593", "17835")

SERVICE_METHODS = ("direct", "direct", "direct", "post", "electronic", "left")
