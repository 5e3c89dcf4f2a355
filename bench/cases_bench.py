"""Cases benchmark (issue 2): the deadline scan, list pages and the API's create rate.

    .venv/bin/python bench/cases_bench.py --cases 10000 --db sqlite
    .venv/bin/python bench/cases_bench.py --cases 100000 --db postgres

--db sqlite uses a throwaway file in a temporary folder; --db postgres creates the database
sanxiang_bench_<pid> on --pg-url (trust auth) and drops it at the end (--keep keeps either).
The script migrates, bulk-writes N open cases plus N/5 finished ones with their officers,
parties and deadlines (bench/cases_data.py; officers scale with N, ~150 cases each), then:

(a) scan: system_deadline_alerts(today) over all bodies and for the largest body, and
    deadline_alerts(user, today) as the "my cases" page runs it for an officer and an agency head;
(b) baselines in the same run: the same deadline rows fetched bare with values_list, and a
    count(*) of all running deadlines; the report gives scan / bare ratios (machines are noisy);
(c) list pages: case_list() page 1 fully materialised as the list page does (parties, running
    deadlines, body, department), 10 and 30 rows a page, for an officer (mine, open only), a
    department head, an agency head and the city supervisor; then the same pages end to end
    through the staff UI (session, middleware, template);
(d) API: POST /api/v1/cases with a Bearer token, against GET /api/v1/bodies in the same run,
    plus GET /api/v1/cases (a page) and GET /api/v1/cases/alerts.

Times are medians of --reps runs; query counts come from one extra run with
CaptureQueriesContext. Results go to bench/out/cases_<db>_<N>_<time>.json (with EXPLAIN output
of the scan and list queries). No timing is asserted anywhere.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
import shutil
import sqlite3
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


@contextlib.contextmanager
def throwaway_installation(
    db: str,
    pg_url: str,
    prefix: str,
    *,
    keep: bool = False,
    url: str | None = None,
    workdir: str | None = None,
):
    """A data folder and a migrated database for one benchmark run: SQLite in the folder, or a new
    PostgreSQL database on `pg_url`; both removed afterwards unless `keep` (or an existing `url` or
    `workdir` is given, to measure again: always kept). Yields (workdir, url)."""
    if workdir is not None:
        keep = True
        Path(workdir).mkdir(parents=True, exist_ok=True)
    else:
        workdir = tempfile.mkdtemp(prefix=prefix)
    pg_name = None
    if url is not None:
        keep = True
    elif db == "postgres":
        pg_name = create_postgres(pg_url)
        url = f"{pg_url}/{pg_name}"
    else:
        url = f"sqlite:///{workdir}/bench.sqlite3"
    try:
        setup_django(workdir, url)
        yield workdir, url
    finally:
        from django.db import connections

        connections.close_all()
        if keep:
            print(f"kept: DATABASE_URL={url} SANXIANG_DATA_DIR={workdir}")
        else:
            if pg_name:
                drop_postgres(pg_url, pg_name)
            shutil.rmtree(workdir, ignore_errors=True)


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


def measure(fn, reps: int, timed_capture: bool = False) -> dict:
    """Run once capturing queries (also a warm-up), then `reps` timed runs; median seconds.

    With timed_capture the capturing run is the only timed one (for runs too slow to repeat).
    """
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sanxiang.workdays import snapshot

    def fresh_calendar():
        # The calendar cache checks its revision at most every 2 s; reloading it here starts that
        # clock afresh, so the check does not land inside a measured run (< 2 s) by chance.
        snapshot.invalidate()
        snapshot.current()

    def count(execute, sql, params, many, context):
        executed[0] += 1
        return execute(sql, params, many, context)

    # CaptureQueriesContext keeps the last 9000 queries only and slices from where the log stood
    # when it started: so start from an empty log, and count with an execute wrapper as well.
    executed = [0]
    connection.queries_log.clear()
    fresh_calendar()
    started, cpu_started = time.perf_counter(), time.process_time()
    with connection.execute_wrapper(count), CaptureQueriesContext(connection) as ctx:
        result = fn()
    times, cpu = [], []
    if timed_capture:
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - cpu_started)
    # Copy now: captured_queries slices the connection's log lazily, and the next test Client
    # request empties that log (request_started -> reset_queries).
    captured = list(ctx.captured_queries)
    for _ in range(reps):
        fresh_calendar()
        started, cpu_started = time.perf_counter(), time.process_time()
        fn()
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - cpu_started)
    return {
        "seconds": statistics.median(times) if times else None,
        # This process's CPU time: what the run costs in Python when other jobs share the CPUs
        # (the database server's own time is not in it).
        "cpu_seconds": statistics.median(cpu) if cpu else None,
        "min": min(times, default=None),
        "max": max(times, default=None),
        # Like assertNumQueries (BEGIN/COMMIT included), unless the 9000-query log overflowed.
        "queries": len(captured) if len(captured) < 9000 else executed[0],
        "sql": [q["sql"][:300] for q in captured[:20]],
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

    officer = staff.officer_users[staff.officers[staff.departments[big.pk][0].pk][0].pk]
    out = {
        "scan_all": measure(scan, reps),
        "scan_body": measure(
            lambda: {"rows": len(selectors.system_deadline_alerts(today, body_id=big.pk))}, reps
        ),
        "orm_rows": measure(lambda: {"rows": len(list(due.select_related("case", "case__body")))}, reps),
        "bare_rows": measure(
            lambda: {"rows": len(list(due.values_list("id", "case_id", "kind", "due_date")))}, reps
        ),
        "bare_body_rows": measure(
            lambda: {
                "rows": len(
                    list(due.filter(case__body_id=big.pk).values_list("id", "case_id", "kind", "due_date"))
                )
            },
            reps,
        ),
        "count_running": measure(
            lambda: {"rows": Deadline.objects.filter(met_on__isnull=True, paused_on__isnull=True).count()},
            reps,
        ),
        "alerts_officer": measure(user_alerts(officer.pk), reps),
        "alerts_agency_head": measure(user_alerts(staff.agency_heads[big.pk].pk), reps),
    }
    out["plan_scan"] = explain(
        due.select_related("case", "case__body").order_by("due_date", "case_id"), analyze=is_pg
    )
    if is_pg:  # the server's share of the scan, from EXPLAIN ANALYZE
        out["scan_server_ms"] = float(out["plan_scan"].rsplit("Execution Time:", 1)[1].split()[0])
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
                rows.append(
                    (
                        case.display_number,
                        case.body.name,
                        case.department.name,
                        [p.name for p in case.parties.all()],
                        urgent and urgent.light,
                    )
                )
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


def bench_pages(staff, reps: int) -> dict:
    """The staff UI pages end to end (session, middleware, template), as a browser gets them."""
    from django.test import Client
    from django.urls import reverse

    big = staff.bodies[0]
    department = staff.departments[big.pk][0]
    officer = staff.officers[department.pk][0]
    pages = {
        "officer: my cases": (staff.officer_users[officer.pk], reverse("cases:my_cases"), {}),
        "department head: list, open": (
            staff.department_heads[department.pk],
            reverse("cases:list"),
            {"open_only": "on"},
        ),
        "agency head: my cases (alerts)": (staff.agency_heads[big.pk], reverse("cases:my_cases"), {}),
        "agency head: list, open": (staff.agency_heads[big.pk], reverse("cases:list"), {"open_only": "on"}),
        "supervisor: list, open": (staff.supervisor, reverse("cases:list"), {"open_only": "on"}),
    }
    out = {}
    for label, (user, url, params) in pages.items():
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")

        def get(client=client, url=url, params=params):
            response = client.get(url, params)
            assert response.status_code == 200, (url, response.status_code)
            return {"rows": response.content.count(b"<tr"), "bytes": len(response.content)}

        get()  # warm-up: templates, session
        out[label] = measure(get, reps)
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
            started, cpu_started = time.perf_counter(), time.process_time()
            for _ in range(requests):
                fn()
            return requests / (time.perf_counter() - started), requests / (time.process_time() - cpu_started)

        for _ in range(5):
            fn()  # warm-up: url resolution, schema building, first-connection work
        return run

    def alerts_for(user):
        _row, user_token = ApiToken.issue(user, name="bench")

        def run():
            response = client.get("/api/v1/cases/alerts", HTTP_AUTHORIZATION=f"Bearer {user_token}")
            assert response.status_code == 200, response.content[:500]
            return {"rows": len(response.json())}

        return run

    out = {
        "alerts_officer": measure(alerts_for(staff.officer_users[crew[0].pk]), 3),
        # One run, timed while its queries are captured: at 100k it takes minutes (one case
        # detail per alerted case), and the capture adds little to that.
        "alerts_department_head": measure(
            alerts_for(staff.department_heads[department.pk]), 0, timed_capture=True
        ),
        "create_queries": measure(create, 0)["queries"],
        "bodies_queries": measure(get_bodies, 0)["queries"],
        "cases_list": measure(get_my_cases, 5),
    }
    # Interleave so a burst of noise hits both: create, GET, create, GET, then medians.
    creates, gets = [], []
    create_run, get_run = rate(create), rate(get_bodies)
    for _ in range(3):
        creates.append(create_run())
        gets.append(get_run())
    out["create_per_s"] = statistics.median(wall for wall, _cpu in creates)
    out["bodies_per_s"] = statistics.median(wall for wall, _cpu in gets)
    # Requests per second of this process's CPU time (the database server's work not included).
    out["create_per_cpu_s"] = statistics.median(cpu for _wall, cpu in creates)
    out["bodies_per_cpu_s"] = statistics.median(cpu for _wall, cpu in gets)
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
    bare = scan["bare_rows"]["seconds"]

    def line(label, m, rows, ratio="", note=""):
        cpu = f"{m['cpu_seconds'] * 1000:9.1f}" if m.get("cpu_seconds") is not None else ""
        print(f"{label:46} {m['seconds'] * 1000:10.1f} {cpu:>9} {m['queries']:7} {rows:8} {ratio:>7} {note}")

    print(
        f"\n== cases bench: {res['db']}, {res['open_cases']:,} open + {res['closed_cases']:,} closed cases, "
        f"{res['officers']} officers, {res['deadlines']:,} deadline rows ({res['running_deadlines']:,} running), "
        f"generated in {res['generate_seconds']:.0f} s"
    )
    print(
        f"{'measurement (ms: wall median, CPU of this process)':46} {'wall':>10} {'CPU':>9} {'queries':>7} {'rows':>8} {'ratio':>7}"
    )
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
        ratio = f"{m['seconds'] / scan[base]['seconds']:.1f}" if base else ""
        line(key, m, m["result"]["rows"], ratio)
    seconds, rows = scan["scan_all"]["seconds"], max(scan["scan_all"]["result"]["rows"], 1)
    verdict = "met" if seconds < TARGET_SCAN_SECONDS else "MISSED"
    found = scan["scan_all"]["result"]
    print(
        f"  open cases with an overdue deadline {found['cases_red'] / res['open_cases']:.1%}, "
        f"due soon {found['cases_yellow'] / res['open_cases']:.1%} (red rows {found['red']}, yellow {found['yellow']})"
    )
    if "scan_server_ms" in scan:
        print(f"  scan query on the server (EXPLAIN ANALYZE execution time): {scan['scan_server_ms']:.0f} ms")
    print(
        f"  scan / count(*) of running deadlines: {seconds / scan['count_running']['seconds']:.0f}; "
        f"per alert row {seconds / rows * 1e6:.0f} us (bare {bare / rows * 1e6:.1f} us); "
        f"target scan < {TARGET_SCAN_SECONDS:.0f} s: {verdict}"
    )
    for label, pages in lists.items():
        if not label.startswith("plan_"):
            for n, m in pages.items():
                r = m["result"]
                line(
                    f"list {label} x{n}",
                    m,
                    r["rows"],
                    f"{m['seconds'] / bare:.1f}",
                    f"of {r['total']:,}",
                )
    constant = all(
        p["10"]["queries"] == p["30"]["queries"] for k, p in lists.items() if not k.startswith("plan_")
    )
    print(
        f"  list queries equal for 10 and 30 rows a page: {constant}; list and page ratios are against bare_rows"
    )
    for label, m in res["pages"].items():
        line(
            f"page {label}",
            m,
            m["result"]["rows"],
            f"{m['seconds'] / bare:.1f}",
            "<tr>",
        )
    print(
        f"{'API POST /api/v1/cases (per s: wall, CPU)':46} {api['create_per_s']:10.1f} {api['create_per_cpu_s']:9.1f} "
        f"{api['create_queries']:7}"
    )
    print(
        f"{'API GET /api/v1/bodies (baseline)':46} {api['bodies_per_s']:10.1f} {api['bodies_per_cpu_s']:9.1f} "
        f"{api['bodies_queries']:7}          one create costs {api['bodies_per_s'] / api['create_per_s']:.1f} GETs"
    )
    line("API GET /api/v1/cases?mine&open_only", api["cases_list"], 50)
    for key in ("alerts_officer", "alerts_department_head"):
        line(f"API GET /api/v1/cases/alerts, {key[7:]}", api[key], api[key]["result"]["rows"])
    print(
        f"  load average at start {res['loadavg_start'][0]:.1f}, at end {res['loadavg_end'][0]:.1f} "
        f"({os.cpu_count()} CPUs)"
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=10_000, help="open cases to generate (default 10000)")
    parser.add_argument("--closed", type=int, default=None, help="finished cases besides (default cases/5)")
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument(
        "--officers",
        type=int,
        default=None,
        help="officers per handling department (default: ~300 assignments each)",
    )
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--requests", type=int, default=200, help="API requests per rate run")
    parser.add_argument(
        "--analyze", action="store_true", help="run ANALYZE on SQLite too (PostgreSQL always)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the database and print where it is")
    args = parser.parse_args(argv)
    closed = args.cases // 5 if args.closed is None else args.closed

    with throwaway_installation(args.db, args.pg_url, "sanxiang_cases_bench_", keep=args.keep) as (_, url):
        return run(args, closed, url)


def run(args, closed: int, url: str) -> int:
    import cases_data
    from django.db import connection

    from sanxiang.cases.models import Deadline

    today = datetime.date.today()
    load_start = os.getloadavg()
    is_pg = connection.vendor == "postgresql"
    print(f"generating {args.cases:,} open + {closed:,} closed cases on {connection.vendor} ...")
    started = time.perf_counter()
    per_department = args.officers or cases_data.officers_per_department(args.cases)
    staff = cases_data.make_staff(per_department)
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
        "server_version": connection.pg_version if is_pg else sqlite3.sqlite_version,
        "date": datetime.datetime.now().isoformat(timespec="seconds"),
        "argv": sys.argv,
        "open_cases": args.cases,
        "officers": sum(len(v) for v in staff.officers.values()),
        "loadavg_start": load_start,
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
    print("measuring the staff pages ...")
    res["pages"] = bench_pages(staff, args.reps)
    print(f"measuring the API ({args.requests} requests a run) ...")
    res["api"] = bench_api(staff, args.requests)
    res["loadavg_end"] = os.getloadavg()
    report(res)
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"cases_{'pg' if is_pg else 'sqlite'}_{args.cases}_{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(json.dumps(strip(res), ensure_ascii=False, indent=1, default=str))
    print(f"written {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
