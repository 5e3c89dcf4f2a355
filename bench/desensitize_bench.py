"""Desensitization throughput (issue 5 §6): characters/s and decisions/s of the engine.

    .venv/bin/python bench/desensitize_bench.py --decisions 2000

Needs no database (the engine is pure). Served decision texts (~700 characters, the length of an ordinary penalty decision) are generated
with the personal data the engine must hide (DISC-10, PUB-01): the party's 18-digit ID number with
a valid GB 11643 check character, mobiles and landlines, a Luhn-valid bank card, an account labelled
账号, an e-mail address, a home address below county level, a licence plate, witnesses' and a
relative's names; plus what must stay (the body, organisations, credit codes, amounts, dates, 文号,
articles of law). Each text goes through `desensitize.desensitize(text, People, Policy)` with the
case's people, as the publication service calls it: once with jieba's name guesses (the default)
and once without (Policy(use_jieba=False)).

Baseline in the same run: one pass of a single compiled regular expression (an alternation of
ID-number, phone, bank-card and e-mail shapes, replaced by a placeholder) over the same texts; the
report gives engine / baseline time ratios. Sanity counts (not assertions): seeded secrets still
present in the output (should be 0) and redactions per text. The first call (jieba's dictionary
load, ~1 s) is a warm-up outside the timing. Results go to bench/out/desensitize_<time>.json.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))

from sanxiang.publication import desensitize as engine  # noqa: E402

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡"
GIVEN = "华明德建国伟丽强军平东海涛鑫宏盛兴达利源泰安康丰顺通隆瑞祥和福荣昌旺新博晨阳光辉恒远航宇信诚嘉美佳"
VILLAGES = ["龙门村", "西王村", "北午芹村", "城北社区", "柏树社区", "阳村", "连伯村"]
STREETS = ["新耿大街", "龙岗路", "府西街", "滨河小区", "清涧路", "育才巷"]
ACTS = [
    (
        "销售超过保质期的牛奶",
        "《中华人民共和国食品安全法》第三十四条第十项",
        "《中华人民共和国食品安全法》第一百二十四条第一款",
    ),
    ("无证经营烟花爆竹", "《烟花爆竹安全管理条例》第三条", "《烟花爆竹安全管理条例》第三十六条第一款"),
    (
        "销售散装食用油未标明生产日期",
        "《中华人民共和国食品安全法》第六十八条",
        "《中华人民共和国食品安全法》第一百二十五条",
    ),
    ("使用未经检定的计量器具", "《中华人民共和国计量法》第九条", "《中华人民共和国计量法》第二十六条"),
]


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def _id_number(rng: random.Random) -> str:
    born = datetime.date(1960, 1, 1) + datetime.timedelta(days=rng.randrange(0, 40 * 365))
    first17 = f"140882{born:%Y%m%d}{rng.randrange(0, 1000):03d}"
    return first17 + engine.id_check_char(first17)


def _bank_card(rng: random.Random) -> str:
    digits = "622848" + "".join(str(rng.randrange(10)) for _ in range(12))
    for check in "0123456789":
        if engine.luhn_ok(digits + check):
            return digits + check
    raise AssertionError("unreachable")


def served_text(rng: random.Random, n: int) -> tuple[str, engine.People, list[str]]:
    """A served penalty decision with personal data, the case's people and the secrets to hide."""
    party, witness, relative, officer = _name(rng), _name(rng), _name(rng), _name(rng)
    while len({party, witness, relative, officer, "李华"}) < 5 or party[0] == officer[0]:
        witness, relative, officer = _name(rng), _name(rng), _name(rng)
    id_number, card = _id_number(rng), _bank_card(rng)
    mobile = f"1{rng.choice('3589')}{rng.randrange(10**8, 10**9)}"
    address = f"河津市城区街道{rng.choice(STREETS)}{rng.randrange(1, 200)}号{rng.randrange(1, 6)}单元{rng.randrange(101, 1201)}室"
    village = f"河津市柴家镇{rng.choice(VILLAGES)}{rng.randrange(1, 9)}组"
    plate = f"晋M{rng.choice('ABCDEFG')}{rng.randrange(1000, 9999)}"
    email = f"user{n}@example.com"
    act, violated, basis = rng.choice(ACTS)
    fine = rng.choice((2000, 5000, 10000, 30000))
    year = 2026
    text = (
        f"河津市市场监督管理局\n行政处罚决定书\n河市监罚〔{year}〕{n}号\n"
        f"当事人：{party}，性别：男，公民身份号码：{id_number}，住址：{address}，联系电话：{mobile}。\n"
        f"经营场所：河津市城区街道龙门大道{rng.randrange(1, 300)}号（河津市龙门商贸有限公司东侧），"
        f"统一社会信用代码：91140882MA0KX5Y21B。\n"
        f"{year}年{rng.randrange(1, 10)}月{rng.randrange(1, 28)}日，本局执法人员{officer}、李华（执法证号1408822019000{n % 90 + 10}）"
        f"对当事人的经营场所进行检查，发现当事人{act}，货值金额人民币{rng.randrange(100, 9000)}元。"
        f"现场见证人{witness}（住{village}，电话0359-5{rng.randrange(100000, 999999)}）在场。"
        f"当事人驾驶车牌号为{plate}的货车运送上述货物，其配偶{relative}称对此不知情。\n"
        f"当事人通过银行卡{card}收取货款，另有对公账号：{rng.randrange(10**13, 10**14)}，电子邮箱：{email}。\n"
        f"上述事实有现场检查笔录、询问笔录、抽样检验报告及照片6张为证。\n"
        f"本局认为，当事人的行为违反了{violated}的规定。依据{basis}，本局决定：\n"
        f"一、警告；二、罚款人民币{fine:,}元（大写：{'伍仟' if fine == 5000 else '若干'}元整）。\n"
        "当事人应自收到本决定书之日起十五日内，到指定银行缴纳罚款。逾期不缴纳的，每日按罚款数额的百分之三加处罚款。\n"
        "如不服本决定，可以在收到本决定书之日起六十日内向河津市人民政府申请行政复议，"
        "或者在六个月内依法向河津市人民法院提起行政诉讼。\n"
        f"河津市市场监督管理局\n{year}年{rng.randrange(1, 12)}月{rng.randrange(1, 28)}日"
    )
    people = engine.People(
        parties=(party,),
        organisations=("河津市龙门商贸有限公司",),
        officers=(officer, "李华"),
        others=(witness, relative),
        addresses=(address,),
        public=("河津市城区街道龙门大道",),
    )
    secrets = [party, id_number, mobile, card, email, plate, witness, relative, address]
    return text, people, secrets


BASELINE = re.compile(
    r"\d{17}[\dXx]|\d{15}|(?:\+?86)?1[3-9]\d{9}|0\d{2,3}-\d{7,8}|\d{16,19}|[\w.+-]+@[\w-]+\.[\w.]+"
)


def timed(fn, texts) -> tuple[float, list]:
    started = time.perf_counter()
    out = [fn(t) for t in texts]
    return time.perf_counter() - started, out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--decisions", type=int, default=2000)
    parser.add_argument("--reps", type=int, default=3, help="baseline repetitions (median)")
    args = parser.parse_args(argv)

    load_start = os.getloadavg()
    rng = random.Random(5)
    cases = [served_text(rng, n + 1) for n in range(args.decisions)]
    texts = [c[0] for c in cases]
    chars = sum(len(t) for t in texts)
    engine.desensitize(texts[0], cases[0][1])  # warm-up: jieba's dictionary and POS model

    res = {
        "date": datetime.datetime.now().isoformat(timespec="seconds"),
        "argv": sys.argv,
        "decisions": len(texts),
        "characters": chars,
        "mean_chars": chars / len(texts),
        "loadavg_start": load_start,
        "runs": {},
    }
    for label, policy in (
        ("engine (jieba names)", engine.Policy()),
        ("engine (no jieba)", engine.Policy(use_jieba=False)),
    ):
        started, cpu = time.perf_counter(), time.process_time()
        results = [engine.desensitize(text, people, policy) for text, people, _s in cases]
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        leaks = sum(
            secret in r.text
            for r, (_t, _p, secrets) in zip(results, cases, strict=True)
            for secret in secrets
        )
        res["runs"][label] = {
            "seconds": seconds,
            "cpu_seconds": cpu,
            "chars_per_s": chars / seconds,
            "decisions_per_s": len(texts) / seconds,
            "redactions_per_text": statistics.mean(len(r.redactions) for r in results),
            "seeded_secrets_left": leaks,
        }
    base = []
    for _ in range(args.reps):
        seconds, _out = timed(lambda t: BASELINE.sub("[已隐去]", t), texts)
        base.append(seconds)
    res["runs"]["baseline (one compiled regex pass)"] = {
        "seconds": statistics.median(base),
        "chars_per_s": chars / statistics.median(base),
        "decisions_per_s": len(texts) / statistics.median(base),
    }
    res["loadavg_end"] = os.getloadavg()

    base_s = res["runs"]["baseline (one compiled regex pass)"]["seconds"]
    print(
        f"\n== desensitize bench: {len(texts):,} decisions, {chars:,} characters (mean {chars / len(texts):.0f})"
    )
    print(f"{'run':36} {'chars/s':>12} {'decisions/s':>12} {'x baseline':>10} {'redactions':>10} {'left':>5}")
    for label, r in res["runs"].items():
        print(
            f"{label:36} {r['chars_per_s']:12,.0f} {r['decisions_per_s']:12,.1f} {r['seconds'] / base_s:10.0f} "
            f"{r.get('redactions_per_text', 0):10.1f} {r.get('seeded_secrets_left', ''):>5}"
        )
    print(
        f"  load average start {load_start[0]:.1f}, end {res['loadavg_end'][0]:.1f} ({os.cpu_count()} CPUs)"
    )
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"desensitize_{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(json.dumps(res, ensure_ascii=False, indent=1))
    print(f"written {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
