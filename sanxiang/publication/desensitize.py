"""The desensitization engine (脱敏): pure functions over text, no database (DISC-10, PUB-01, PUB-02).

`desensitize(text, people, policy)` finds what must not be published, resolves overlaps and returns
the redacted text with its redaction log. Each redaction records its kind, its span in the original
and its replacement, never the original characters, so the log itself holds no personal data.

Rules (docs/publication.md lists them with their limits):
- resident ID numbers: 18 characters with a plausible region and birth date (checksum valid:
  `id_number`; checksum wrong: `id_number_unverified`, still masked: a mistyped number is still
  somebody's number); 15-digit pre-1999 numbers with a plausible region and birth date;
- mobile and landline phone numbers; e-mail addresses;
- bank card numbers (16-19 digits passing Luhn), and any 10-30 digit number labelled as an
  account (账号/账户/卡号), Luhn or not;
- home addresses: labelled (住址/家住/居住地...) or known from the case, and free-text addresses with
  a house-level tail; the province/city/county prefix is kept, the rest replaced;
- licence plates;
- natural-person parties as surname + 某 (某甲/某乙 for two parties with one surname; full mask by
  policy); other natural persons known from the case (witnesses, interviewees, family) as 某某;
  jieba's person-name tags as a helper, filtered by a surname list and a stop-list;
- kept: organisations, unified social credit codes (GB 32100 check), officers named in their role,
  and the public strings handed in (the body's own address and phone).
"""

from __future__ import annotations

import datetime
import logging
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field

# --- kinds and placeholders (PUB-01: a fixed placeholder, never a partial mask) -----------------

ID_NUMBER = "id_number"
ID_NUMBER_UNVERIFIED = "id_number_unverified"
ID_NUMBER_OLD = "id_number_15"
PHONE = "phone"
BANK_CARD = "bank_card"
BANK_ACCOUNT = "bank_account"
EMAIL = "email"
ADDRESS = "address"
PLATE = "plate"
PARTY_NAME = "party_name"
PERSON_NAME = "person_name"
PERSON_NAME_GUESS = "person_name_guess"
MANUAL = "manual"

KIND_LABELS = {
    ID_NUMBER: "公民身份号码",
    ID_NUMBER_UNVERIFIED: "公民身份号码（校验位不符）",
    ID_NUMBER_OLD: "公民身份号码（15位）",
    PHONE: "电话号码",
    BANK_CARD: "银行卡号",
    BANK_ACCOUNT: "银行账号",
    EMAIL: "电子邮箱",
    ADDRESS: "住址（县级以下）",
    PLATE: "机动车号牌",
    PARTY_NAME: "当事人姓名",
    PERSON_NAME: "当事人以外的自然人姓名",
    PERSON_NAME_GUESS: "疑似自然人姓名（分词识别）",
    MANUAL: "人工标注",
}

PLACEHOLDERS = {
    ID_NUMBER: "［身份证号码已隐去］",
    ID_NUMBER_UNVERIFIED: "［身份证号码已隐去］",
    ID_NUMBER_OLD: "［身份证号码已隐去］",
    PHONE: "［电话已隐去］",
    BANK_CARD: "［账号已隐去］",
    BANK_ACCOUNT: "［账号已隐去］",
    EMAIL: "［邮箱已隐去］",
    ADDRESS: "××",
    PLATE: "［车牌号已隐去］",
    PERSON_NAME: "某某",
    PERSON_NAME_GUESS: "某某",
    MANUAL: "［已隐去］",
}

# Higher wins when two findings overlap (then the longer one, then the earlier one).
_PRIORITY = {
    PARTY_NAME: 9,
    PERSON_NAME: 8,
    ID_NUMBER: 7,
    ID_NUMBER_UNVERIFIED: 7,
    ID_NUMBER_OLD: 7,
    BANK_ACCOUNT: 6,
    BANK_CARD: 6,
    EMAIL: 6,
    PHONE: 5,
    PLATE: 5,
    ADDRESS: 4,
    MANUAL: 10,
    PERSON_NAME_GUESS: 1,
}


@dataclass(frozen=True)
class Redaction:
    """One replaced span of the original text: [start, end) -> replacement. No original characters."""

    kind: str
    start: int
    end: int
    replacement: str
    origin: str = "auto"  # "auto" (engine) or "manual" (added by disclosure staff)

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Redaction:
        return cls(
            kind=str(data["kind"]),
            start=int(data["start"]),
            end=int(data["end"]),
            replacement=str(data["replacement"]),
            origin=str(data.get("origin", "auto")),
        )


@dataclass(frozen=True)
class People:
    """Who the case knows: parties (natural persons and organisations), officers, other persons."""

    parties: tuple[str, ...] = ()  # natural-person parties: surname + 某
    organisations: tuple[str, ...] = ()  # kept
    officers: tuple[str, ...] = ()  # public in their role: kept
    others: tuple[str, ...] = ()  # witnesses, interviewees, family, third parties: masked
    addresses: tuple[str, ...] = ()  # natural persons' home addresses known from the case
    public: tuple[str, ...] = ()  # public strings never redacted (the body's address and phone)


@dataclass(frozen=True)
class Policy:
    party_style: str = "surname"  # "surname" (王某) or "mask" (某某), PUB-02
    use_jieba: bool = True


@dataclass
class Result:
    text: str
    redactions: list[Redaction] = field(default_factory=list)


def _words(text: str) -> list[str]:
    return text.split()


# --- identifiers ----------------------------------------------------------------------------------

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
# GB/T 2260 province-level codes (first two digits of a region code).
PROVINCES = frozenset(
    _words(
        "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 "
        "71 81 82 83"
    )
)
_CREDIT_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def id_check_char(first17: str) -> str:
    return _ID_CHECK[sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True)) % 11]


def _plausible_birth(text: str, today: datetime.date | None = None) -> bool:
    try:
        born = datetime.date(int(text[0:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        return False
    return datetime.date(1900, 1, 1) <= born <= (today or datetime.date.today())


def id18_kind(value: str) -> str | None:
    """ID_NUMBER, ID_NUMBER_UNVERIFIED (plausible but the check character is wrong) or None."""
    value = value.upper()
    if not re.fullmatch(r"\d{17}[\dX]", value) or value[:2] not in PROVINCES:
        return None
    if not _plausible_birth(value[6:14]):
        return None
    return ID_NUMBER if id_check_char(value[:17]) == value[17] else ID_NUMBER_UNVERIFIED


def id15_plausible(value: str) -> bool:
    return (
        bool(re.fullmatch(r"\d{15}", value))
        and value[:2] in PROVINCES
        and _plausible_birth("19" + value[6:12])
    )


def is_credit_code(value: str) -> bool:
    value = value.upper()
    if not re.fullmatch(r"[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}", value):
        return False
    total = sum(_CREDIT_CHARSET.index(c) * w for c, w in zip(value[:17], _CREDIT_WEIGHTS, strict=True))
    return _CREDIT_CHARSET[(31 - total % 31) % 31] == value[17]


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch)
        if i % 2 == 1:
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return total % 10 == 0


# --- detectors: each yields (kind, start, end) ----------------------------------------------------

_ALNUM_RUN = re.compile(r"(?<![0-9A-Za-z])[0-9A-Za-z]{15,19}(?![0-9A-Za-z])")
_GROUPED_CARD = re.compile(r"(?<!\d)\d{4}(?:[ -]\d{4}){3}(?:[ -]\d{1,3})?(?!\d)")
_ACCOUNT = re.compile(r"(?:账号|账户|帐号|帐户|卡号|开户行账号)[：:\s]*(\d[\d -]{8,34}\d)")
_MOBILE = re.compile(r"(?<![\d])(?:(?:\+|00)?86[- ]?)?1[3-9]\d(?:[- ]?\d{4}){2}(?!\d)")
_LANDLINE = re.compile(
    r"(?<![\d\w])(?:[（(]0\d{2,3}[）)]\s?|0\d{2,3}[- ])?[2-9]\d{6,7}(?:[-转]\d{1,5})?(?![\d])"
)
_LANDLINE_WITH_AREA = re.compile(r"(?<![\d])(?:[（(]0\d{2,3}[）)]\s?|0\d{2,3}-?)[2-9]\d{6,7}(?!\d)")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_PLATE = re.compile(
    r"(?<![A-Za-z0-9])[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼使领]"
    r"[A-HJ-NP-Z][·•\s]?(?=[A-HJ-NP-Z0-9]{4,6}[挂学警港澳]?)(?=[A-Z]*\d)[A-HJ-NP-Z0-9]{5,6}[挂学警港澳]?(?![A-Za-z0-9])"
)
_PHONE_LABEL = re.compile(r"(?:电话|手机|联系方式|联系电话|座机|固话|Tel|TEL|tel)[：:\s]*$")


def _ids_cards_accounts(text: str, kept: list[tuple[int, int]]) -> Iterable[tuple[str, int, int]]:
    for m in _ACCOUNT.finditer(text):
        yield BANK_ACCOUNT, m.start(1), m.end(1)
    for m in _ALNUM_RUN.finditer(text):
        value = m.group()
        if len(value) == 18:
            kind = id18_kind(value)
            if kind == ID_NUMBER or (kind and not is_credit_code(value)):
                yield kind, m.start(), m.end()
                continue
            if is_credit_code(value):
                continue  # organisations' codes are public (PUB-02)
        if len(value) == 15 and id15_plausible(value):
            yield ID_NUMBER_OLD, m.start(), m.end()
            continue
        if value.isdigit() and 16 <= len(value) <= 19 and luhn_ok(value):
            yield BANK_CARD, m.start(), m.end()
    for m in _GROUPED_CARD.finditer(text):
        digits = re.sub(r"\D", "", m.group())
        if 16 <= len(digits) <= 19 and luhn_ok(digits):
            yield BANK_CARD, m.start(), m.end()


def _phones(text: str) -> Iterable[tuple[str, int, int]]:
    for m in _MOBILE.finditer(text):
        yield PHONE, m.start(), m.end()
    for m in _LANDLINE_WITH_AREA.finditer(text):
        yield PHONE, m.start(), m.end()
    # A bare local number (7-8 digits, no area code) only after a phone label: without one it is
    # as likely an amount or a serial number.
    for m in _LANDLINE.finditer(text):
        if _PHONE_LABEL.search(text[max(0, m.start() - 8) : m.start()]):
            yield PHONE, m.start(), m.end()


def _emails(text: str) -> Iterable[tuple[str, int, int]]:
    for m in _EMAIL.finditer(text):
        yield EMAIL, m.start(), m.end()


def _plates(text: str) -> Iterable[tuple[str, int, int]]:
    for m in _PLATE.finditer(text):
        yield PLATE, m.start(), m.end()


# --- addresses ----------------------------------------------------------------------------------

_CJK = "\u4e00-\u9fff"
_ADMIN_PREFIX = re.compile(
    rf"(?:[{_CJK}]{{2,7}}?(?:省|自治区|特别行政区))?"
    rf"(?:[{_CJK}]{{1,8}}?(?:市|自治州|地区|盟))?"
    rf"(?:[{_CJK}]{{1,8}}?(?:自治县|区|县|旗|市)(?!街道|街|镇|乡|路|道|村|社区|委))?"
)
_ADDRESS_LABEL = re.compile(
    r"(?:家庭住址|家庭地址|户籍地址|户籍地|居住地址|居住地|住址|现住址|现住|家住|住所地|住所)[：:为在]?"
)
_ADDRESS_BODY = re.compile(rf"[{_CJK}0-9A-Za-z\-－#·（）()号]{{2,60}}")
_HOUSE_TAIL = re.compile(
    rf"(?:[{_CJK}]{{1,10}}(?:省|市|自治州|区|县|旗))+[{_CJK}0-9A-Za-z\-－#]{{0,30}}?"
    rf"(?:[{_CJK}]{{1,8}}(?:街道|镇|乡))?[{_CJK}0-9A-Za-z\-－#]{{0,30}}?"
    rf"(?:\d+(?:-\d+)*(?:号院|号楼|号|栋|幢|单元|室|弄)|[{_CJK}]{{1,6}}村\d*组?|[{_CJK}]{{1,8}}小区)"
    rf"[0-9A-Za-z\-－#号栋幢单元室楼层]*"
)
_ADDRESS_STOP = "，。；;,、\n（(）)：:"


def admin_prefix(address: str) -> str:
    """The province/city/county part of an address (kept when the rest is hidden)."""
    m = _ADMIN_PREFIX.match(address)
    return m.group() if m else ""


def _address_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The below-county part of the address text[start:end], or None if nothing is below county."""
    prefix = admin_prefix(text[start:end])
    cut = start + len(prefix)
    return (cut, end) if end - cut >= 2 else None


def _addresses(text: str, known: tuple[str, ...], orgs_addresses: list[tuple[int, int]]):
    for address in known:
        if len(address) < 4:
            continue
        for m in re.finditer(re.escape(address), text):
            span = _address_span(text, m.start(), m.end())
            if span:
                yield ADDRESS, *span
    for m in _ADDRESS_LABEL.finditer(text):
        if text[m.start() : m.end()].startswith("住所") and _inside(m.start(), orgs_addresses):
            continue
        body = _ADDRESS_BODY.match(text, m.end())
        if not body:
            continue
        end = body.end()
        for i in range(body.start(), body.end()):
            if text[i] in _ADDRESS_STOP:
                end = i
                break
        span = _address_span(text, body.start(), end)
        if span:
            yield ADDRESS, *span
    for m in _HOUSE_TAIL.finditer(text):
        span = _address_span(text, m.start(), m.end())
        if span:
            yield ADDRESS, *span


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= pos < e for s, e in spans)


# --- names --------------------------------------------------------------------------------------

COMPOUND_SURNAMES = _words(
    "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 轩辕 令狐 钟离 端木 独孤 南宫 西门 "
    "申屠 澹台 公冶 呼延 万俟 司空 闻人 赫连 太史 鲜于 百里 东郭 第五 濮阳 淳于 单于 左丘 拓跋 完颜"
)
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
    "姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施"
    "文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷"
    "盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷"
    "晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆"
    "乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平"
    "计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公"
    "哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由"
)
# Words jieba tags as person names that are not (STACK.md: 许可证 is tagged nr).
NAME_STOP = frozenset(
    _words(
        "许可证 许可 经营者 当事人 执法 执法人员 法定代表人 负责人 申请人 被申请人 委托人 代理人 证人 见证人 某某 "
        "高新 马路 白银 黄金 金额 于是 常规 任何 时间 文明 安全 和平 方便 明显 高度 周边 周年 周期 林业 陈述 "
        "应当 宁可 龙门 平安 万元 千元 元整 程序 项目 华润 国家 关于 管理 向阳 尚未 成品 石油 江河 银行卡 银行 "
        "罚款 食品 经营 车辆 和解 高速 高压 时效 于法 余额 金融 雷同 申辩 陈列 米面 柴油 路面 钟表 吉祥 黎明"
    )
)


def party_alias(name: str) -> str:
    """PUB-02: surname + 某; compound surnames (欧阳) kept whole; minority/foreign names (with ·) keep
    their first character."""
    name = name.strip()
    if not name:
        return "某"
    if "·" in name or "•" in name:
        return name[0] + "某"
    for compound in COMPOUND_SURNAMES:
        if name.startswith(compound) and len(name) > len(compound):
            return compound + "某"
    return name[0] + "某"


def party_aliases(names: Iterable[str], style: str = "surname") -> dict[str, str]:
    """Aliases for the natural-person parties; two parties whose aliases collide become 某甲, 某乙."""
    names = [n.strip() for n in dict.fromkeys(names) if n and n.strip()]
    base = {n: (party_alias(n) if style == "surname" else "某某") for n in names}
    ordinals = "甲乙丙丁戊己庚辛壬癸"
    aliases: dict[str, str] = {}
    for alias in set(base.values()):
        group = [n for n in names if base[n] == alias]
        if len(group) == 1:
            aliases[group[0]] = alias
        else:
            for i, n in enumerate(group):
                aliases[n] = alias + (ordinals[i] if i < len(ordinals) else str(i + 1))
    return aliases


def _exact(text: str, words: Iterable[str]) -> Iterable[tuple[str, int, int]]:
    for word in sorted({w for w in words if w and len(w) >= 2}, key=len, reverse=True):
        for m in re.finditer(re.escape(word), text):
            yield word, m.start(), m.end()


_jieba_ready = False


def _posseg():
    global _jieba_ready
    import jieba
    import jieba.posseg

    if not _jieba_ready:
        jieba.setLogLevel(logging.WARNING)
        _jieba_ready = True
    return jieba.posseg


_NOT_NAME_END = frozenset("法证局所厂店站处科室队院部会社品业物费款额")


def _in_title(text: str, pos: int) -> bool:
    """Inside 《…》 (a law or document title)."""
    opened = text.rfind("《", 0, pos)
    return opened >= 0 and text.rfind("》", opened, pos) < 0


def name_guesses(text: str) -> Iterable[tuple[int, int]]:
    """Spans jieba tags as person names (nr, nrfg, nrt) that look like Chinese names."""
    pos = 0
    for token in _posseg().cut(text):
        word, flag = token.word, token.flag
        start = text.find(word, pos)
        if start < 0:
            continue
        pos = start + len(word)
        if not flag.startswith("nr") or word in NAME_STOP or "某" in word:
            continue
        begin = start
        # jieba splits 欧阳娜娜 into 欧阳/ns + 娜娜/nrt: take the compound surname back in.
        for compound in COMPOUND_SURNAMES:
            if text.startswith(compound, start - len(compound)) and start >= len(compound):
                begin = start - len(compound)
                break
        candidate = text[begin:pos]
        if candidate[-1] in _NOT_NAME_END or _in_title(text, begin):
            continue
        if not 2 <= len(candidate) <= 4:
            continue
        if begin == start and candidate[0] not in SURNAMES:
            continue
        yield begin, pos


# --- the engine ---------------------------------------------------------------------------------

_ORG_SUFFIX = re.compile(
    rf"[{_CJK}（）()]{{2,30}}?(?:有限责任公司|股份有限公司|有限公司|公司|分公司|厂|店|商行|经营部|合作社|超市|"
    r"医院|诊所|药房|学校|幼儿园|中心|协会|委员会|人民政府|人民法院|检察院|局)"
)


def _spans_of(text: str, words: Iterable[str]) -> list[tuple[int, int]]:
    return [(s, e) for _w, s, e in _exact(text, words)]


def find(text: str, people: People = People(), policy: Policy = Policy()) -> list[Redaction]:
    """Every redaction the rules ask for, overlaps resolved, in text order."""
    public = _spans_of(text, people.public)
    officers = _spans_of(text, people.officers)
    organisations = _spans_of(text, people.organisations)
    org_like = organisations + [(m.start(), m.end()) for m in _ORG_SUFFIX.finditer(text)]
    found: list[tuple[str, int, int, str]] = []

    aliases = party_aliases(people.parties, policy.party_style)
    for word, s, e in _exact(text, aliases):
        found.append((PARTY_NAME, s, e, aliases[word]))
    others = [o for o in people.others if o not in aliases and o not in people.officers]
    for _word, s, e in _exact(text, others):
        found.append((PERSON_NAME, s, e, PLACEHOLDERS[PERSON_NAME]))
    for kind, s, e in _ids_cards_accounts(text, public):
        found.append((kind, s, e, PLACEHOLDERS[kind]))
    for detector in (_phones, _emails, _plates):
        for kind, s, e in detector(text):
            found.append((kind, s, e, PLACEHOLDERS[kind]))
    for kind, s, e in _addresses(text, people.addresses, organisations):
        found.append((kind, s, e, PLACEHOLDERS[kind]))
    if policy.use_jieba:
        for s, e in name_guesses(text):
            # Officers, organisations (a name inside a shop's name) and known parties are not guesses.
            if _overlaps(s, e, officers) or _overlaps(s, e, org_like):
                continue
            found.append((PERSON_NAME_GUESS, s, e, PLACEHOLDERS[PERSON_NAME_GUESS]))

    # Public strings (the body's own phone and address) are never redacted, nor are officers'
    # names (a guess or a detector hit inside them); known names always win.
    kept = public + officers
    found = [f for f in found if f[0] in (PARTY_NAME, PERSON_NAME) or not _within_any(f[1], f[2], kept)]
    return resolve(found)


def _overlaps(s: int, e: int, spans: list[tuple[int, int]]) -> bool:
    return any(s < b and a < e for a, b in spans)


def _within_any(s: int, e: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= s and e <= b for a, b in spans)


def resolve(found: list[tuple[str, int, int, str]], origin: str = "auto") -> list[Redaction]:
    """Drop overlapping findings: higher priority, then longer, then earlier wins."""
    ranked = sorted(found, key=lambda f: (-_PRIORITY.get(f[0], 0), -(f[2] - f[1]), f[1]))
    chosen: list[Redaction] = []
    for kind, s, e, replacement in ranked:
        if e <= s or any(s < r.end and r.start < e for r in chosen):
            continue
        chosen.append(Redaction(kind, s, e, replacement, origin))
    return sorted(chosen, key=lambda r: r.start)


def apply(text: str, redactions: Iterable[Redaction]) -> str:
    """The text with each redaction's span replaced; spans must not overlap."""
    out, pos = [], 0
    for r in sorted(redactions, key=lambda r: r.start):
        if r.start < pos or r.end > len(text):
            raise ValueError("redaction spans overlap or exceed the text")
        out.append(text[pos : r.start])
        out.append(r.replacement)
        pos = r.end
    out.append(text[pos:])
    return "".join(out)


def desensitize(text: str, people: People = People(), policy: Policy = Policy()) -> Result:
    redactions = find(text, people, policy)
    return Result(apply(text, redactions), redactions)


def manual(text: str, phrase: str, existing: list[Redaction], replacement: str = "") -> list[Redaction]:
    """Staff add a redaction: every occurrence of `phrase` not already covered (overlaps: theirs wins)."""
    replacement = replacement or PLACEHOLDERS[MANUAL]
    new = [(MANUAL, m.start(), m.end(), replacement) for m in re.finditer(re.escape(phrase), text)]
    if not new:
        return existing
    kept = [(r.kind, r.start, r.end, r.replacement) for r in existing]
    merged = resolve([*kept, *new])
    origins = {(r.start, r.end, r.kind): r.origin for r in existing}
    return [
        Redaction(r.kind, r.start, r.end, r.replacement, origins.get((r.start, r.end, r.kind), "manual"))
        for r in merged
    ]


# --- DISC-09: the published text is the served text minus logged redactions ----------------------


def diff_problems(source: str, published: str, redactions: Iterable[Redaction]) -> list[str]:
    """Every span where `published` differs from `source` that no logged redaction explains.

    The check does not trust how the text was produced: it aligns the two texts and requires each
    differing span to lie inside one logged redaction, in the original and in the output.
    """
    import difflib

    redactions = sorted(redactions, key=lambda r: r.start)
    problems: list[str] = []
    for i, r in enumerate(redactions):
        if r.start < 0 or r.end > len(source) or r.end <= r.start:
            problems.append(f"第 {i + 1} 处隐去记录的位置无效")
        if i and r.start < redactions[i - 1].end:
            problems.append(f"第 {i + 1} 处隐去记录与前一处重叠")
    if problems:
        return problems
    # Where each redaction lands in the expected output.
    out_spans, shift = [], 0
    for r in redactions:
        out_spans.append((r.start + shift, r.start + shift + len(r.replacement)))
        shift += len(r.replacement) - (r.end - r.start)
    matcher = difflib.SequenceMatcher(None, source, published, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if not _explained(i1, i2, j1, j2, redactions, out_spans):
            where = f"原文第 {i1 + 1}–{i2} 字" if i2 > i1 else f"原文第 {i1} 字后"
            problems.append(f"{where}与公开文本第 {j1 + 1}–{max(j2, j1 + 1)} 字不一致，且无对应的隐去记录")
    if not problems and apply(source, redactions) != published:
        problems.append("公开文本与“送达文本减去隐去记录”不一致")
    return problems


def _covered(a: int, b: int, spans: list[tuple[int, int]]) -> bool:
    """Whether [a, b) lies inside the union of `spans` (sorted, non-overlapping)."""
    pos = a
    for s, e in spans:
        if s <= pos < e:
            pos = e
        if pos >= b:
            return True
    return pos >= b


def _explained(i1, i2, j1, j2, redactions: list[Redaction], out_spans: list[tuple[int, int]]) -> bool:
    """A differing span is explained when logged redactions (adjacent ones together) cover it on both sides."""
    near = [k for k, r in enumerate(redactions) if r.start <= i2 and r.end >= i1]
    if not near:
        return False
    return _covered(i1, i2, [(redactions[k].start, redactions[k].end) for k in near]) and _covered(
        j1, j2, [out_spans[k] for k in near]
    )
