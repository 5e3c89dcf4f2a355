"""Decision search benchmark (issue 5 §6): portal search latency p50/p95 from 10k to N decisions.

    .venv/bin/python bench/search_bench.py --decisions 100000 --db sqlite
    .venv/bin/python bench/search_bench.py --decisions 1000000 --db postgres

--db sqlite uses a throwaway file in a temporary folder; --db postgres creates the database
sanxiang_bench_<pid> on --pg-url (trust auth) and drops it at the end (--keep keeps either).

Generation: published decisions go straight into the publication tables (Publication, its
published PublicationVersion and the SearchEntry) in bulk, with the fields the publishing service
sets, and the search row built exactly as `publication.indexing.index` builds it: the text of
`indexing.searchable_text` and the one tokenizer `search.terms`. Decision texts are assembled from
lines (body, 文号, party, facts, amounts, evidence, articles, penalty, remedy, date) drawn from
pools with varied names, places, goods and amounts. `terms()` never joins two lines (neither jieba
nor the CJK runs cross a line break), so the terms of a text are the union of its lines' terms and
each distinct line is tokenized once (a cache); the script checks that on samples against
`terms(whole text)`. Publications point at a small pool of real cases (the search never reads
cases). SQLite: bulk_create, the FTS5 triggers maintain the index during the load, as in
production. PostgreSQL: the same rows written with COPY (psycopg `cursor.copy`), optionally from
--workers processes (each replays the random stream, writes its own batches, with the ids a single
process gives), the GIN index dropped for each size step and rebuilt after it. --reuse continues a
kept database (same step boundaries, same rows) or measures it without loading.

Measurement, at 10k and at each larger size up to N (the same database grows): for a fixed set of
queries (1-, 2-, 3-, 4-character words, substrings across word boundaries, several terms, a term
that matches nothing, rare names; each with no filter, a body filter, a kind filter and a date
range), what the portal's search page does: `selectors.search_decisions` (the plan and the capped
count, `search.find`) -> `search.CappedPaginator(20)` page 1 -> `with_versions`. Each query runs --reps times after a warm-up; p50/p95 over all runs,
and separately for selective queries (< 1 % of rows match) and common ones. Baseline in the same
run: a primary-key page of 20 SearchEntry rows (`order_by('-decision_date','-id')[:20]`).
Results go to bench/out/search_<db>_<N>_<time>.json. No timing is asserted anywhere.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import sqlite3
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cases_bench import OUT, ROOT, throwaway_installation  # noqa: E402

TARGET_GROWTH = 3.0
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
SYLLABLES = (
    "华明德建国伟丽强军平东海涛鑫宏盛兴达利源泰安康丰顺通隆瑞祥和福荣昌旺新博晨阳光辉恒远航天宇信诚嘉美佳"
)
TRADES = ["商贸", "食品", "餐饮", "建材", "物流", "药房", "超市", "科技", "农资", "汽车维修", "五金", "服装"]
PLACES = [
    "龙门大道",
    "城区街道",
    "新耿大街",
    "清涧街道",
    "柴家镇",
    "僧楼镇",
    "小梁乡",
    "下化乡",
    "阳村街道",
    "樊村镇",
    "黄河路",
    "府东街",
    "滨河路",
    "汾阳路",
    "紫金山街",
    "人民路",
    "解放路",
    "迎宾街",
]
SHOPS = ["超市", "便利店", "餐馆", "药店", "农资店", "小卖部", "批发部", "饭店", "加油站", "网吧", "汽修厂"]
ACTS = [
    "销售过期牛奶",
    "无证经营烟花爆竹",
    "销售散装食用油未标明生产日期",
    "销售假冒白酒",
    "使用超过保质期的食品原料",
    "经营病死畜禽肉",
    "未取得食品经营许可从事食品经营",
    "销售不合格电线电缆",
    "虚假宣传保健食品功效",
    "销售未经检验的猪肉",
    "超范围经营处方药",
    "销售农药残留超标的蔬菜",
    "未按规定公示营业执照",
    "使用未经检定的计量器具",
    "销售无中文标签的进口食品",
    "违规储存危险化学品",
    "非法收购废旧金属",
    "擅自改变餐饮服务场所布局",
    "销售三无产品",
    "向未成年人销售烟草制品",
    "未按规定进行排污申报",
    "超标排放大气污染物",
    "违规堆放建筑垃圾",
    "无照经营",
    "拒不执行停业整顿决定",
    "哄抬价格",
]
EVIDENCE = [
    "现场检查笔录、询问笔录、照片 6 张",
    "现场检查笔录、抽样检验报告",
    "询问笔录、销售记录、照片 3 张",
    "检测报告、视频资料",
]
ARTICLES = [
    ("《中华人民共和国食品安全法》第三十四条", "《中华人民共和国食品安全法》第一百二十四条第一款"),
    ("《中华人民共和国食品安全法》第三十五条", "《中华人民共和国食品安全法》第一百二十二条"),
    ("《中华人民共和国产品质量法》第四十九条", "《中华人民共和国产品质量法》第四十九条"),
    ("《中华人民共和国广告法》第二十八条", "《中华人民共和国广告法》第五十五条"),
    ("《中华人民共和国大气污染防治法》第十八条", "《中华人民共和国大气污染防治法》第九十九条"),
    ("《中华人民共和国价格法》第十四条", "《中华人民共和国价格法》第四十条"),
    ("《烟花爆竹安全管理条例》第三条", "《烟花爆竹安全管理条例》第三十六条"),
    ("《中华人民共和国药品管理法》第五十一条", "《中华人民共和国药品管理法》第一百一十五条"),
]
FINES = [500, 1000, 2000, 3000, 5000, 8000, 10000, 20000, 30000, 50000, 80000, 100000, 200000]
REMEDY = (
    "救济途径和期限：如不服本决定，可以在收到本决定书之日起六十日内向河津市人民政府申请行政复议，"
    "或者在六个月内依法向河津市人民法院提起行政诉讼。"
)


# --- generation ----------------------------------------------------------------------------------


class Tokens:
    """search.terms per line, cached: the terms of a text are the union of its lines' terms."""

    def __init__(self):
        from sanxiang.publication import search

        self.terms = search.terms
        self.cache: dict[str, list[str]] = {}
        self.misses = 0

    def of(self, text: str) -> str:
        found: dict[str, None] = {}
        for line in text.split("\n"):
            words = self.cache.get(line)
            if words is None:
                words = self.terms(line).split()
                self.misses += 1
                if len(self.cache) < 400_000:
                    self.cache[line] = words
            found.update(dict.fromkeys(words))
        return " ".join(found)


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((1, 2, 2))))


def _company(rng: random.Random) -> str:
    return "河津市" + "".join(rng.choice(SYLLABLES) for _ in range(2)) + rng.choice(TRADES) + "有限公司"


def decision(rng: random.Random, body, number: int, day: datetime.date) -> dict:
    """One published decision's public fields and desensitized text (what the engine leaves)."""
    natural = rng.random() < 0.55
    party = f"{rng.choice(SURNAMES)}某" if natural else _company(rng)
    act = rng.choice(ACTS)
    place, shop = rng.choice(PLACES), rng.choice(SHOPS)
    fine = rng.choice(FINES)
    kind = "penalty" if rng.random() < 0.85 else rng.choice(("no_penalty", "coercion", "permit"))
    violated, basis = rng.choice(ARTICLES)
    penalty = f"警告；罚款人民币{fine:,}.00元" if fine < 5000 else f"罚款人民币{fine:,}.00元"
    doc = f"{body.short_name}罚〔{day.year}〕{number}号"
    identity = (
        "公民身份号码：［身份证号码已隐去］，住址：河津市××"
        if natural
        else f"统一社会信用代码：91140882MA0{rng.randrange(10**6, 10**7)}X，法定代表人：{_name(rng)}"
    )
    facts = f"当事人在{place}经营的{shop}{act}"
    text = "\n".join(
        (
            body.name,
            "行政处罚决定书",
            doc,
            f"当事人：{party}，{identity}",
            f"违法事实：{facts}。",
            f"货值金额人民币{rng.randrange(100, 50000)}元，违法所得{rng.randrange(0, 5000)}元。",
            f"证据：{rng.choice(EVIDENCE)}",
            f"违反的法律条款：{violated}",
            f"行政处罚的种类和幅度：{penalty}",
            f"处罚依据：{basis}",
            "履行方式和期限：自收到本决定书之日起十五日内缴至指定银行",
            REMEDY,
            body.name,
            f"{day.year}年{day.month}月{day.day}日",
        )
    )
    return {
        "kind": kind,
        "document_number": doc,
        "party": party,
        "conclusion": f"给予行政处罚：{penalty}",
        "facts": facts,
        "basis": basis,
        "penalty": penalty,
        "fine": fine,
        "text": text,
    }


def make_city(cases_per_body: int = 10):
    """Bodies and a small pool of real cases (bench/cases_data.py) for the publications to point at."""
    import cases_data

    from sanxiang.cases.models import Case
    from sanxiang.orgs.models import EnforcementBody

    if Case.objects.exists():  # a kept database (--reuse): the city it was loaded with
        bodies = list(EnforcementBody.objects.order_by("pk"))
    else:
        staff = cases_data.make_staff(2)
        cases_data.make_cases(staff, cases_per_body * len(staff.bodies), 0, datetime.date.today())
        bodies = staff.bodies
    cases = {
        b.pk: list(Case.objects.filter(body=b).order_by("pk").values_list("pk", flat=True)) for b in bodies
    }
    return bodies, cases


def load(
    bodies,
    cases,
    start: int,
    stop: int,
    today: datetime.date,
    tokens: Tokens,
    seed: int = 7,
    workers: int = 1,
) -> None:
    """Bulk-write published decisions start..stop-1 (record, published version, search row):
    bulk_create with the FTS5 triggers on SQLite; COPY on PostgreSQL (PgCopier), optionally from
    `workers` forked processes that each replay the whole random stream (cheap) but build, tokenize
    and write only their own batches, with the ids the single-process load gives: same rows."""
    import multiprocessing

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        _load_batches(bodies, cases, start, stop, today, tokens, seed, None)
        return
    copier = PgCopier()
    if workers <= 1:
        _load_batches(bodies, cases, start, stop, today, tokens, seed, copier)
    else:
        connections.close_all()  # each worker opens its own connection
        fork = multiprocessing.get_context("fork")
        procs = [
            fork.Process(
                target=_load_batches,
                args=(bodies, cases, start, stop, today, tokens, seed, PgCopier(copier.first_id), w, workers),
            )
            for w in range(workers)
        ]
        for proc in procs:
            proc.start()
        for proc in procs:
            proc.join()
        if any(proc.exitcode for proc in procs):
            raise RuntimeError("a loader worker failed")
    copier.finish(stop - start)


def _load_batches(bodies, cases, start, stop, today, tokens, seed, copier, worker: int = 0, workers: int = 1):
    import hashlib

    from django.db import connections, transaction

    from sanxiang.publication import indexing
    from sanxiang.publication.models import Publication, PublicationVersion, SearchEntry

    rng = random.Random(seed * 1_000_003 + start)
    batch = 2000
    for first in range(start, stop, batch):
        mine = (first - start) // batch % workers == worker
        pubs, versions, entries = [], [], []
        for n in range(first, min(first + batch, stop)):
            body = bodies[n % len(bodies)]
            day = today - datetime.timedelta(days=rng.randrange(1, 900))
            d = decision(rng, body, n + 1, day)
            published_on = day + datetime.timedelta(days=rng.randrange(1, 9))
            if not mine:
                continue
            pub = Publication(
                body=body,
                case_id=cases[body.pk][n % len(cases[body.pk])],
                kind=d["kind"],
                status="published",
                document_number=d["document_number"],
                decision_date=day,
                penalty_kinds=["fine"],
                heaviest_penalty="fine",
                fine_amount=d["fine"],
                due_date=day + datetime.timedelta(days=10),
                due_rule="DISC-01",
                published_on=published_on,
                published_version=1,
                ends_on=day + datetime.timedelta(days=3 * 366),
                ledger_index=n + 1,
            )
            digest = hashlib.sha256(d["text"].encode()).hexdigest()
            version = PublicationVersion(
                publication=pub,
                number=1,
                state="published",
                source_text=d["text"],  # the served text differs only by redactions; same size
                source_sha256=digest,
                text=d["text"],
                text_sha256=digest,
                text_sm3=digest,
                party_label=d["party"],
                conclusion=d["conclusion"],
                facts_summary=d["facts"],
                basis=d["basis"],
                penalty_text=d["penalty"],
            )
            text = indexing.searchable_text(pub, version)
            entry = SearchEntry(
                publication=pub,
                body=body,
                kind=pub.kind,
                decision_date=day,
                ends_on=pub.ends_on,
                folded=text.lower(),
                terms=tokens.of(text.lower()),
            )
            pubs.append(pub)
            versions.append(version)
            entries.append(entry)
        if not mine:
            continue
        if copier is not None:
            copier.write(first - start, pubs, versions, entries)
            continue
        with transaction.atomic():
            Publication.objects.bulk_create(pubs)
            for v, e, p in zip(versions, entries, pubs, strict=True):
                v.publication_id = e.publication_id = p.pk
            PublicationVersion.objects.bulk_create(versions)
            SearchEntry.objects.bulk_create(entries)
    if workers > 1:
        connections.close_all()


class PgCopier:
    """PostgreSQL: the same model instances written with COPY (psycopg `cursor.copy`) instead of
    INSERTs, with the ids bulk_create would give (the row at offset k of the step gets first id + k
    in each table), the GIN index dropped for the load and rebuilt once at the end of the step (one
    sorted build instead of ~350 pending-list inserts a row). Every column value is the field's own
    `get_db_prep_save` of what bulk_create would write."""

    GIN = "CREATE INDEX pubsearch_tsv_gin ON publication_searchentry USING GIN (tsv)"

    def __init__(self, first_id: dict | None = None):
        from django.db import connection

        from sanxiang.publication.models import Publication, PublicationVersion, SearchEntry

        self.connection = connection
        self.models = (Publication, PublicationVersion, SearchEntry)
        self.first_id = first_id
        if first_id is not None:  # a worker: the parent prepared the tables
            return
        self.first_id = {}
        with connection.cursor() as cursor:
            cursor.execute("DROP INDEX IF EXISTS pubsearch_tsv_gin")
            for model in self.models:
                cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {model._meta.db_table}")
                self.first_id[model._meta.db_table] = cursor.fetchone()[0]

    def _copy(self, model, offset: int, objs) -> None:
        for k, obj in enumerate(objs):
            obj.pk = self.first_id[model._meta.db_table] + offset + k
        fields = list(model._meta.concrete_fields)
        cols = ", ".join(f'"{f.column}"' for f in fields)
        sql = f"COPY {model._meta.db_table} ({cols}) FROM STDIN"
        with self.connection.cursor() as wrapper, wrapper.cursor.copy(sql) as copy:
            for obj in objs:
                copy.write_row([f.get_db_prep_save(f.pre_save(obj, True), self.connection) for f in fields])

    def write(self, offset: int, pubs, versions, entries) -> None:
        from django.db import transaction

        publication, version, entry = self.models
        with transaction.atomic():
            with self.connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit = off")
            self._copy(publication, offset, pubs)
            for v, e, p in zip(versions, entries, pubs, strict=True):
                v.publication_id = e.publication_id = p.pk
            self._copy(version, offset, versions)
            self._copy(entry, offset, entries)

    def finish(self, rows: int) -> None:
        with self.connection.cursor() as cursor:
            for model in self.models:
                table = model._meta.db_table
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), {self.first_id[table] + rows}, false)"
                )
            cursor.execute("SET maintenance_work_mem = '1GB'")
            cursor.execute(self.GIN)
            cursor.execute("RESET maintenance_work_mem")


def check_tokens(tokens: Tokens, samples: int = 50) -> bool:
    """The per-line cache gives exactly the tokenizer's terms for whole texts."""
    from sanxiang.publication import search
    from sanxiang.publication.models import SearchEntry

    for row in SearchEntry.objects.order_by("?")[:samples]:
        if set(search.terms(row.folded).split()) != set(row.terms.split()):
            return False
    return True


# --- measuring -----------------------------------------------------------------------------------


QUERIES = [
    ("1 char", "奶"),
    ("1 char", "罚"),
    ("2 chars", "牛奶"),
    ("2 chars", "烟花"),
    ("2 chars (name)", "华明"),
    ("2 chars (place)", "僧楼"),
    ("3 chars", "食用油"),
    ("3 chars substring", "期牛奶"),
    ("4 chars", "烟花爆竹"),
    ("4 chars", "计量器具"),
    ("4 chars substring", "标明生产"),
    ("several terms", "销售 牛奶"),
    ("several terms", "柴家镇 白酒"),
    ("no match", "奶牛"),
    ("rare", "瑞祥信诚"),
    ("ascii/number", "2025"),
]


def filters_for(bodies, today: datetime.date) -> dict:
    return {
        "none": {},
        "body": {"body_id": bodies[0].pk},
        "kind": {"kind": "no_penalty"},
        "dates": {"start": today - datetime.timedelta(days=120), "end": today - datetime.timedelta(days=30)},
    }


def portal_search(today, q: str, flt: dict) -> tuple[int, int]:
    """What the portal's search page does with the database: the plan and capped count
    (`search.find`), page 1 through `CappedPaginator`, its versions."""
    from sanxiang.publication import search, selectors

    entries = selectors.search_decisions(today, q=q, **flt)
    page = search.CappedPaginator(entries, 20).get_page(1)
    rows = selectors.with_versions(page.object_list)
    return page.paginator.count, len(rows)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def measure(bodies, today: datetime.date, reps: int, total: int) -> dict:
    from sanxiang.publication.models import SearchEntry

    rows, all_times, selective, common = [], [], [], []
    for label, q in QUERIES:
        for fname, flt in filters_for(bodies, today).items():
            hits, _shown = portal_search(today, q, flt)  # warm-up
            times = []
            for _ in range(reps):
                started = time.perf_counter()
                portal_search(today, q, flt)
                times.append(time.perf_counter() - started)
            all_times += times
            (selective if hits < total / 100 else common).extend(times)
            rows.append(
                {
                    "label": label,
                    "q": q,
                    "filter": fname,
                    "hits": hits,
                    "median_ms": statistics.median(times) * 1e3,
                }
            )
    base = []
    for _ in range(reps * 5):
        started = time.perf_counter()
        list(SearchEntry.objects.order_by("-decision_date", "-id")[:20])
        base.append(time.perf_counter() - started)

    def summary(times):
        return (
            {"n": len(times), "p50_ms": percentile(times, 50) * 1e3, "p95_ms": percentile(times, 95) * 1e3}
            if times
            else None
        )

    return {
        "all": summary(all_times),
        "selective": summary(selective),
        "common": summary(common),
        "baseline_page_ms": statistics.median(base) * 1e3,
        "queries": rows,
    }


def explain_sample(today, is_pg: bool) -> dict:
    from sanxiang.publication import selectors

    out = {}
    for q in ("牛奶", "标明生产", "罚"):
        qs = selectors.search_decisions(today, q=q)
        out[q] = qs[:20].explain(analyze=True) if is_pg else qs[:20].explain()
    return out


# --- report --------------------------------------------------------------------------------------


def report(res: dict) -> None:
    print(f"\n== search bench: {res['db']} {res['server_version']}, sizes {res['sizes']}")
    print(
        f"{'size':>9} {'load s':>7} {'p50 ms':>8} {'p95 ms':>8} {'sel p50':>8} {'sel p95':>8} {'com p50':>8} {'com p95':>8} {'base ms':>8}"
    )
    for step in res["steps"]:
        m = step["measure"]
        sel, com = m["selective"] or {}, m["common"] or {}
        print(
            f"{step['size']:>9,} {step['load_seconds']:7.0f} {m['all']['p50_ms']:8.1f} {m['all']['p95_ms']:8.1f} "
            f"{sel.get('p50_ms', 0):8.1f} {sel.get('p95_ms', 0):8.1f} {com.get('p50_ms', 0):8.1f} {com.get('p95_ms', 0):8.1f} "
            f"{m['baseline_page_ms']:8.2f}"
        )
    first, last = res["steps"][0]["measure"], res["steps"][-1]["measure"]
    for key in ("all", "selective", "common"):
        if first[key] and last[key]:
            growth = last[key]["p95_ms"] / first[key]["p95_ms"]
            verdict = "met" if growth < TARGET_GROWTH else "MISSED"
            print(
                f"  p95 growth {key:9} {res['sizes'][0]:,} -> {res['sizes'][-1]:,}: {growth:.2f}x (target < {TARGET_GROWTH:.0f}x: {verdict})"
            )
    print("  slowest queries at the largest size (median ms, hits):")
    for row in sorted(last["queries"], key=lambda r: -r["median_ms"])[:8]:
        print(f"    {row['q']:10} {row['filter']:6} {row['median_ms']:9.1f} {row['hits']:>9,}")
    print(
        f"  tokenizer: per-line cache matched search.terms on samples: {res['tokens_checked']}; "
        f"load average start {res['loadavg_start'][0]:.1f}, end {res['loadavg_end'][0]:.1f} ({os.cpu_count()} CPUs)"
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--decisions", type=int, default=100_000, help="largest size (default 100000)")
    parser.add_argument("--at", type=int, action="append", default=[], help="extra intermediate sizes")
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="keep the database and print where it is")
    parser.add_argument(
        "--reuse",
        help="a kept database (PostgreSQL name or SQLite file): sizes below its row count are skipped, "
        "the size it holds is measured without loading, larger ones are loaded on top (implies --keep)",
    )
    parser.add_argument("--workers", type=int, default=1, help="PostgreSQL: loader processes (same rows)")
    parser.add_argument("--load-only", action="store_true", help="load the sizes, measure nothing")
    args = parser.parse_args(argv)

    reuse = None
    if args.reuse:
        reuse = f"{args.pg_url}/{args.reuse}" if args.db == "postgres" else f"sqlite:///{args.reuse}"
    with throwaway_installation(args.db, args.pg_url, "sanxiang_search_bench_", keep=args.keep, url=reuse):
        return run(args)


def run(args) -> int:
    from django.db import connection

    is_pg = connection.vendor == "postgresql"
    today = datetime.date.today()
    sizes = sorted({min(10_000, args.decisions), *[s for s in args.at if s < args.decisions], args.decisions})
    res = {
        "db": connection.vendor,
        "server_version": connection.pg_version if is_pg else sqlite3.sqlite_version,
        "date": datetime.datetime.now().isoformat(timespec="seconds"),
        "argv": sys.argv,
        "sizes": sizes,
        "reps": args.reps,
        "loadavg_start": os.getloadavg(),
        "steps": [],
    }
    from sanxiang.publication.models import SearchEntry

    bodies, cases = make_city()
    tokens = Tokens()
    done = SearchEntry.objects.count()  # 0 unless --reuse
    for size in sizes:
        if size < done:
            print(f"skipping {size:,}: the database already holds {done:,}", flush=True)
            continue
        load_seconds = 0.0
        if size > done:
            # The same step boundaries give the same rows (the generator is seeded by the step's start).
            print(f"loading decisions {done:,}..{size:,} on {connection.vendor} ...", flush=True)
            started = time.perf_counter()
            load(bodies, cases, done, size, today, tokens, workers=args.workers)
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE" if is_pg else "ANALYZE")
            load_seconds = time.perf_counter() - started
            done = size
            print(
                f"  {load_seconds:.0f} s (tokenizer calls {tokens.misses:,}) {time.strftime('%H:%M:%S')}",
                flush=True,
            )
        if args.load_only:
            continue
        print(f"measuring {size:,} (load average {os.getloadavg()[0]:.1f}) ...", flush=True)
        res["steps"].append(
            {
                "size": size,
                "load_seconds": load_seconds,
                "loadavg": os.getloadavg(),
                "measure": measure(bodies, today, args.reps, size),
            }
        )
    res["tokens_checked"] = check_tokens(tokens)
    if args.load_only:
        print(f"loaded {done:,} decisions; tokenizer check on samples: {res['tokens_checked']}")
        return 0
    res["plans"] = explain_sample(today, is_pg)
    res["loadavg_end"] = os.getloadavg()
    report(res)
    OUT.mkdir(parents=True, exist_ok=True)
    path = (
        OUT / f"search_{'pg' if is_pg else 'sqlite'}_{args.decisions}_{time.strftime('%Y%m%d-%H%M%S')}.json"
    )
    path.write_text(json.dumps(res, ensure_ascii=False, indent=1, default=str))
    print(f"written {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
