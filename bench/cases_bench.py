"""Cases benchmark (issue 2): the deadline scan, list pages and the API's create rate.

    .venv/bin/python bench/cases_bench.py --cases 10000 --db sqlite
    .venv/bin/python bench/cases_bench.py --cases 100000 --db postgres

--db sqlite uses a throwaway file in a temporary folder; --db postgres creates the database
sanxiang_bench_<pid> on --pg-url (trust auth) and drops it at the end (--keep to keep it).
The script migrates, bulk-writes N open cases plus N/5 finished ones (bench/cases_data.py), then:

(a) scan: system_deadline_alerts(today) over all bodies and for the largest body, and
    deadline_alerts(user, today) as the "my cases" page runs it for an officer and an agency head;
(b) baselines in the same run: the same deadline rows fetched bare with values_list, and a
    count(*) of all running deadlines; the report gives scan / bare ratios (machines are noisy);
(c) list pages: case_list() page 1 fully materialised as the list page does (parties, running
    deadlines, body, department), 10 and 30 rows a page, for an officer (mine, open only), a
    department head, an agency head and the city supervisor (open only);
(d) API: POST /api/v1/cases with a Bearer token, against GET /api/v1/bodies in the same run.

Times are medians of --reps runs; query counts come from one extra run with
CaptureQueriesContext. Results go to bench/out/cases_<db>_<N>_<time>.json. No timing is asserted.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
TARGET_SCAN_SECONDS = 2.0


# --- set-up --------------------------------------------------------------------------------------


def create_postgres(url: str) -> str:
    import psycopg

    name = f"sanxiang_bench_{os.getpid()}"
    with psycopg.connect(f"{url}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return name


def drop_postgres(url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(f"{url}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def setup_django(workdir: str, database_url: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "sanxiang.settings"
    os.environ["SANXIANG_DATA_DIR"] = workdir
    os.environ["SANXIANG_LEDGER_KEY"] = f"{workdir}/ledger-ed25519.pem"
    os.environ["DATABASE_URL"] = database_url
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


# --- measuring -----------------------------------------------------------------------------------


def measure(fn, reps: int) -> dict:
    """Run once capturing queries (also a warm-up), then `reps` timed runs; median seconds."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sanxiang.workdays import snapshot

    snapshot.current()  # keep the calendar's 2-second revision check out of the counts
    with CaptureQueriesContext(connection) as ctx:
        result = fn()
    times = []
    for _ in range(reps):
        snapshot.current()
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return {
        "seconds": statistics.median(times) if times else None,
        "min": min(times, default=None),
        "max": max(times, default=None),
        "queries": len(ctx.captured_queries),
        "sql": [q["sql"][:300] for q in ctx.captured_queries],
        "result": result,
    }


def explain(queryset, analyze: bool) -> str:
    if analyze:
        return queryset.explain(analyze=True, buffers=True)
    return queryset.explain()


# --- (a) + (b) the deadline scan -----------------------------------------------------------------


def bench_scan(staff, today, reps: int, is_pg: bool) -> dict:
    from sanxiang.cases import deadlines, selectors
    from sanxiang.cases.choices import Light
    from sanxiang.cases.models import Deadline
    from sanxiang.orgs.models import User

    limit = deadlines.due_soon_limit(today)
    big = staff.bodies[0]
    due = Deadline.objects.filter(met_on__isnull=True, paused_on__isnull=True, due_date__lte=limit)

    def scan():
        alerts = selectors.system_deadline_alerts(today)
        return {
            "rows": len(alerts),
            "red": sum(a.status.light == Light.RED for a in alerts),
            "yellow": sum(a.status.light == Light.YELLOW for a in alerts),
            "cases_red": len({a.case.pk for a in alerts if a.status.light == Light.RED}),
            "cases_yellow": len({a.case.pk for a in alerts if a.status.light == Light.YELLOW}),
        }

    def user_alerts(user_pk):
        def run():
            user = User.objects.get(pk=user_pk)  # fresh, as per request: grants are not cached yet
            return {"rows": len(selectors.deadline_alerts(user, today))}

        return run

    officer = next(iter(staff.officer_users.values()))
    out = {
        "scan_all": measure(scan, reps),
        "scan_body": measure(lambda: {"rows": len(selectors.system_deadline_alerts(today, body_id=big.pk))}, reps),
        "orm_rows": measure(lambda: {"rows": len(list(due.select_related("case", "case__body")))}, reps),
        "bare_rows": measure(
            lambda: {"rows": len(list(due.values_list("id", "case_id", "kind", "due_date")))}, reps
        ),
        "bare_body_rows": measure(
            lambda: {"rows": len(list(due.filter(case__body_id=big.pk).values_list("id", "case_id", "kind", "due_date")))},
            reps,
        ),
        "count_running": measure(
            lambda: {"rows": Deadline.objects.filter(met_on__isnull=True, paused_on__isnull=True).count()}, reps
        ),
        "alerts_officer": measure(user_alerts(officer.pk), reps),
        "alerts_agency_head": measure(user_alerts(staff.agency_heads[big.pk].pk), reps),
    }
    out["plan_scan"] = explain(
        due.select_related("case", "case__body").order_by("due_date", "case_id"), analyze=is_pg
    )
    return out


# --- (c) list pages ------------------------------------------------------------------------------


def bench_lists(staff, today, reps: int, is_pg: bool) -> dict:
    from django.core.paginator import Paginator

    from sanxiang.cases import selectors
    from sanxiang.orgs.models import User

    big = staff.bodies[0]
    department = staff.departments[big.pk][0]
    officer = staff.officers[department.pk][0]
    who = {
        "officer (mine, open)": (staff.officer_users[officer.pk], {"mine": True, "open_only": True}),
        "department head (open)": (staff.department_heads[department.pk], {"open_only": True}),
        "agency head (open)": (staff.agency_heads[big.pk], {"open_only": True}),
        "agency head (all)": (staff.agency_heads[big.pk], {}),
        "supervisor (open)": (staff.supervisor, {"open_only": True}),
    }

    def page(user_pk, filters, per_page):
        def run():
            user = User.objects.get(pk=user_pk)  # the request's user; its grants are read inside
            page = Paginator(selectors.case_list(user, **filters), per_page).get_page(1)
            rows = []
            for case in page.object_list:  # what _case_table.html touches
                running = selectors.running_deadlines(case, today)
                urgent = min(running, key=lambda s: s.deadline.due_date) if running else None
                rows.append((case.display_number, case.body.name, case.department.name,
                             [p.name for p in case.parties.all()], urgent and urgent.light))
            return {"rows": len(rows), "total": page.paginator.count}

        return run

    out = {}
    for label, (user, filters) in who.items():
        out[label] = {str(n): measure(page(user.pk, filters, n), reps) for n in (10, 30)}
    user, filters = who["officer (mine, open)"]
    qs = selectors.case_list(user, **filters)
    out["plan_officer_page"] = explain(qs[:30], analyze=is_pg)
    out["plan_officer_count"] = str(qs.query)
    user, filters = who["agency head (open)"]
    out["plan_agency_page"] = explain(selectors.case_list(user, **filters)[:30], analyze=is_pg)
    return out


# --- (d) the API ---------------------------------------------------------------------------------


def bench_api(staff, requests: int) -> dict:
    from django.test import Client

    from sanxiang.api.models import ApiToken
    from sanxiang.testing import factories

    big = staff.bodies[0]
    department = staff.departments[big.pk][0]
    crew = staff.officers[department.pk]
    _row, token = ApiToken.issue(staff.officer_users[crew[0].pk], name="bench")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    client = Client()
    today = datetime.date.today()
    serial = iter(range(1, 10**9))

    def create():
        n = next(serial)
        payload = {
            "body": str(big.public_id),
            "department": department.pk,
            "officers": [crew[0].pk, crew[1 + n % (len(crew) - 1)].pk],
            "cause": "销售过期食品",
            "facts": "当事人在其经营场所销售超过保质期的食品。",
            "place": "河津市城区街道",
            "discovered_on": str(today - datetime.timedelta(days=2)),
            "violation_ended_on": str(today - datetime.timedelta(days=3)),
            "parties": [factories.natural_party(f"接口当事人{n}", n)],
        }
        response = client.post("/api/v1/cases", json.dumps(payload), content_type="application/json", **auth)
        assert response.status_code == 201, response.content[:500]

    def get_bodies():
        assert client.get("/api/v1/bodies", **auth).status_code == 200

    def get_my_cases():
        response = client.get("/api/v1/cases", {"mine": "true", "open_only": "true"}, **auth)
        assert response.status_code == 200, response.content[:500]

    def rate(fn):
        def run():
            started = time.perf_counter()
            for _ in range(requests):
                fn()
            return requests / (time.perf_counter() - started)

        for _ in range(5):
            fn()  # warm-up: url resolution, schema building, first-connection work
        return run

    out = {
        "create_queries": measure(create, 0)["queries"],
        "bodies_queries": measure(get_bodies, 0)["queries"],
        "cases_list_queries": measure(get_my_cases, 0)["queries"],
        "cases_list_seconds": measure(get_my_cases, 5)["seconds"],
    }
    # Interleave so a burst of noise hits both: create, GET, create, GET, then medians.
    creates, gets = [], []
    create_run, get_run = rate(create), rate(get_bodies)
    for _ in range(3):
        creates.append(create_run())
        gets.append(get_run())
    out["create_per_s"] = statistics.median(creates)
    out["bodies_per_s"] = statistics.median(gets)
    out["requests"] = requests
    return out


# --- report --------------------------------------------------------------------------------------


def strip(result: dict) -> dict:
    """The JSON result without the captured SQL of every measurement, except one sample each."""
    if isinstance(result, dict):
        return {k: (v[:8] if k == "sql" else strip(v)) for k, v in result.items()}
    return result


def report(res: dict) -> None:
    scan, lists, api = res["scan"], res["lists"], res["api"]
    ms = lambda s: f"{s * 1000:9.1f} ms"  # noqa: E731
    print(f"\n== cases bench: {res['db']}, {res['open_cases']:,} open + {res['closed_cases']:,} closed cases, "
          f"{res['deadlines']:,} deadline rows ({res['running_deadlines']:,} running), generated in "
          f"{res['generate_seconds']:.0f} s")
    print(f"{'measurement':44} {'median':>12} {'queries':>8} {'rows':>8} {'ratio':>8}")
    bare = scan["bare_rows"]["seconds"]
    for key, base in (
        ("scan_all", "bare_rows"),
        ("orm_rows", "bare_rows"),
        ("bare_rows", None),
        ("scan_body", "bare_body_rows"),
        ("bare_body_rows", None),
        ("count_running", None),
        ("alerts_officer", None),
        ("alerts_agency_head", None),
    ):
        m = scan[key]
        ratio = f"{m['seconds'] / scan[base]['seconds']:8.1f}" if base else ""
        print(f"{key:44} {ms(m['seconds'])} {m['queries']:8} {m['result']['rows']:8} {ratio}")
    print(f"  scan / count(*) of running deadlines: {scan['scan_all']['seconds'] / scan['count_running']['seconds']:.1f}; "
          f"per alert row {scan['scan_all']['seconds'] / max(scan['scan_all']['result']['rows'], 1) * 1e6:.0f} us, "
          f"bare {bare / max(scan['bare_rows']['result']['rows'], 1) * 1e6:.1f} us; "
          f"target < {TARGET_SCAN_SECONDS:.0f} s: {'met' if scan['scan_all']['seconds'] < TARGET_SCAN_SECONDS else 'MISSED'}")
    for label, pages in lists.items():
        if label.startswith("plan_"):
            continue
        for n, m in pages.items():
            ratio = m["seconds"] / bare
            print(f"{'list ' + label + ' x' + n:44} {ms(m['seconds'])} {m['queries']:8} "
                  f"{m['result']['rows']:8} {ratio:8.2f}  (of {m['result']['total']:,})")
    constant = all(p["10"]["queries"] == p["30"]["queries"] for k, p in lists.items() if not k.startswith("plan_"))
    print(f"  list query counts equal for 10 and 30 rows: {constant}; list ratio is against bare_rows")
    print(f"{'API POST /api/v1/cases':44} {api['create_per_s']:8.1f} /s {api['create_queries']:8}")
    print(f"{'API GET /api/v1/bodies (baseline)':44} {api['bodies_per_s']:8.1f} /s {api['bodies_queries']:8}"
          f"          create costs {api['bodies_per_s'] / api['create_per_s']:.1f} GETs")
    print(f"{'API GET /api/v1/cases?mine&open_only (50)':44} {ms(api['cases_list_seconds'])} {api['cases_list_queries']:8}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=10_000, help="open cases to generate (default 10000)")
    parser.add_argument("--closed", type=int, default=None, help="finished cases besides (default cases/5)")
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--requests", type=int, default=200, help="API requests per rate run")
    parser.add_argument("--analyze", action="store_true", help="run ANALYZE on SQLite too (PostgreSQL always)")
    parser.add_argument("--keep", action="store_true", help="keep the database and print where it is")
    args = parser.parse_args(argv)
    closed = args.cases // 5 if args.closed is None else args.closed

    workdir = tempfile.mkdtemp(prefix="sanxiang_cases_bench_")
    pg_name = None
    if args.db == "postgres":
        pg_name = create_postgres(args.pg_url)
        url = f"{args.pg_url}/{pg_name}"
    else:
        url = f"sqlite:///{workdir}/bench.sqlite3"
    try:
        setup_django(workdir, url)
        return run(args, closed, url)
    finally:
        from django.db import connections

        connections.close_all()
        if args.keep:
            print(f"kept: DATABASE_URL={url} SANXIANG_DATA_DIR={workdir}")
        else:
            if pg_name:
                drop_postgres(args.pg_url, pg_name)
            shutil.rmtree(workdir, ignore_errors=True)


def run(args, closed: int, url: str) -> int:
    import cases_data
    from django.db import connection

    from sanxiang.cases.models import Deadline

    today = datetime.date.today()
    is_pg = connection.vendor == "postgresql"
    print(f"generating {args.cases:,} open + {closed:,} closed cases on {connection.vendor} ...")
    started = time.perf_counter()
    staff = cases_data.make_staff()
    states = cases_data.make_cases(staff, args.cases, closed, today)
    generate = time.perf_counter() - started
    started = time.perf_counter()
    with connection.cursor() as cursor:
        if is_pg:
            cursor.execute("VACUUM ANALYZE")  # what autovacuum does after a bulk load
        elif args.analyze:
            cursor.execute("ANALYZE")
    analyze = time.perf_counter() - started
    res = {
        "db": connection.vendor,
        "server_version": connection.pg_version if is_pg else __import__("sqlite3").sqlite_version,
        "date": datetime.datetime.now().isoformat(timespec="seconds"),
        "argv": sys.argv,
        "open_cases": args.cases,
        "closed_cases": closed,
        "states": states,
        "deadlines": Deadline.objects.count(),
        "running_deadlines": Deadline.objects.filter(met_on__isnull=True, paused_on__isnull=True).count(),
        "generate_seconds": generate,
        "analyze_seconds": analyze,
        "analyzed": is_pg or args.analyze,
        "reps": args.reps,
    }
    print("measuring the scan ...")
    res["scan"] = bench_scan(staff, today, args.reps, is_pg)
    print("measuring list pages ...")
    res["lists"] = bench_lists(staff, today, args.reps, is_pg)
    print(f"measuring the API ({args.requests} requests a run) ...")
    res["api"] = bench_api(staff, args.requests)
    report(res)
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"cases_{'pg' if is_pg else 'sqlite'}_{args.cases}_{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(json.dumps(strip(res), ensure_ascii=False, indent=1, default=str))
    print(f"written {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
