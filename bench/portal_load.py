"""PUB-04 load check: the portal at its normal rate and at 20x, from one and from several addresses.

    .venv/bin/python bench/portal_load.py                       # SQLite, 200 decisions
    .venv/bin/python bench/portal_load.py --db postgres --portal-role

A throwaway database gets a small city (bench/search_bench.py: bodies, officers, cases and published
decisions) and is served by Django's threaded WSGI server in this process, with the settings' full
middleware stack, the page cache on and the rate limits ON. On SQLite the `portal` alias is the
read-only mirror of the file; with --portal-role (PostgreSQL) it connects as a role made by
`sanxiang portal role`, so the run also shows that the public side works under that role.

"Normal" is a steady client just under what the configured limits allow: --normal (default 0.9) x
`limit / window` requests a second per bucket (ratelimit.DEFAULT_LIMITS: page and api 2/s, search 0.5/s,
download 0.33/s); a client pacing exactly at the limit gets an occasional 429 from scheduling jitter
at a window boundary. To keep a run short the
limits and windows are divided by --scale (default 10: page 12 per 6 s, search 3, download 2, api 12)
-- the same rate per second with shorter windows. Each scenario runs --seconds (default 12, two
windows) per bucket: `rate` x normal per client, `clients` clients, each a process-local thread with
its own keep-alive connection bound to its own loopback address (127.0.0.10, .11, ...), so the
server counts them as different addresses without any forwarded header. Clients pace themselves, never
closer than one interval apart (at 20x they may fall short of the target when the server cannot keep
up: the achieved rate is shown) and send If-None-Match with the last ETag, as a browser would. Each
URL is requested once first, from another address, as a warm-up. The generator runs in a separate
process. Reported per bucket and scenario: requests, achieved rate, counts of 200, 304, 429, 5xx,
other statuses and connection errors, and 429s without Retry-After. Expected: no 429 at 1x, 429s at
20x, zero 5xx. Results go to bench/out/portal_load_<db>_<time>.json. No timing is asserted anywhere.
"""

from __future__ import annotations

import argparse
import datetime
import http.client
import json
import logging
import multiprocessing
import os
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent))

SCENARIOS = [(1, 1), (20, 1), (1, 4), (20, 4)]  # (x normal rate, clients)


# --- load generator (runs in another process) ----------------------------------------------------


def _client(port: int, url: str, address: str, interval: float, seconds: float, out: list) -> None:
    counts: dict[str, int] = {}
    etag = ""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30, source_address=(address, 0))
    due = time.perf_counter()
    stop = due + seconds
    while due < stop:
        pause = due - time.perf_counter()
        if pause > 0:
            time.sleep(pause)
        # At least `interval` between two requests: a late answer delays the next one instead of
        # causing a catch-up burst (the first run's cold start gave 1-3 429s at 1x that way).
        due = max(due, time.perf_counter()) + interval
        try:
            conn.request("GET", url, headers={"If-None-Match": etag} if etag else {})
            response = conn.getresponse()
            response.read()
            status = response.status
            etag = response.getheader("ETag") or etag
            if status == 429 and not response.getheader("Retry-After"):
                counts["429 without Retry-After"] = counts.get("429 without Retry-After", 0) + 1
            if response.will_close:
                conn.close()
        except (http.client.HTTPException, OSError):
            conn.close()
            status = 0
        key = "error" if status == 0 else ("5xx" if status >= 500 else str(status))
        counts[key] = counts.get(key, 0) + 1
    conn.close()
    out.append(counts)


def load_run(port, url, clients, interval, seconds, queue) -> None:
    results: list = []
    threads = [
        threading.Thread(target=_client, args=(port, url, f"127.0.0.{10 + i}", interval, seconds, results))
        for i in range(clients)
    ]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    total: dict[str, int] = {}
    for counts in results:
        for k, v in counts.items():
            total[k] = total.get(k, 0) + v
    queue.put({"elapsed": time.perf_counter() - started, "counts": total})


def hammer(port: int, url: str, clients: int, rate: float, seconds: float) -> dict:
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=load_run, args=(port, url, clients, 1 / rate, seconds, queue))
    proc.start()
    result = queue.get(timeout=seconds + 120)
    proc.join()
    sent = sum(v for k, v in result["counts"].items() if k != "429 without Retry-After")
    return result | {"requests": sent, "achieved_per_s": sent / result["elapsed"]}


# --- the run -------------------------------------------------------------------------------------


def make_role(connection, role: str) -> None:
    """The portal alias as the PUB-04 role: every public read of the run is made as it."""
    from django.db import connections

    from sanxiang.portal import dbrole

    dbrole.apply_role(connection, role)
    connections.settings["portal"].update(NAME=connection.settings_dict["NAME"], USER=role, PASSWORD="")


def drop_role(connection, role: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f'DROP OWNED BY "{role}"')
        cursor.execute(f'DROP ROLE "{role}"')


def run(args) -> int:
    import search_bench
    from cases_bench import OUT, ROOT
    from django.conf import settings
    from django.db import connection
    from portal_bench import serve

    from sanxiang.portal import ratelimit, routers

    logging.getLogger("django.request").setLevel(logging.ERROR)  # not a line per 429; 5xx still logged
    load_start = os.getloadavg()
    print(f"building the city ({args.decisions:,} decisions) on {connection.vendor} ...", flush=True)
    bodies, cases = search_bench.make_city()
    search_bench.load(bodies, cases, 0, args.decisions, datetime.date.today(), search_bench.Tokens())
    role = f"sanxiang_portal_load_{os.getpid()}" if args.portal_role else ""
    if role:
        make_role(connection, role)
    connection.close()

    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["*"]
    limits = {
        bucket: (max(1, round(limit / args.scale)), window / args.scale)
        for bucket, (limit, window) in ratelimit.DEFAULT_LIMITS.items()
    }
    settings.SANXIANG_PORTAL_RATE_LIMITS = limits
    urls = {
        "page": "/portal/",
        "search": "/portal/decisions/?q=" + quote("牛奶"),
        "download": "/portal/data/officers.csv",
        "api": "/api/v1/public/bodies",
    }
    server, _reload = serve()
    port = server.server_address[1]
    for url in urls.values():  # warm up (URLconf, templates, connections) from an address of its own
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60, source_address=("127.0.0.2", 0))
        conn.request("GET", url)
        conn.getresponse().read()
        conn.close()
    res = {
        "db": connection.vendor,
        "portal_alias_separate": routers.portal_alias_is_separate(),
        "portal_role": role,
        "date": datetime.datetime.now().isoformat(timespec="seconds"),
        "argv": sys.argv,
        "limits": limits,
        "seconds": args.seconds,
        "normal_fraction_of_limit": args.normal,
        "loadavg_start": load_start,
        "runs": [],
    }
    for bucket, url in urls.items():
        limit, window = limits[bucket]
        normal = args.normal * limit / window
        for multiple, clients in SCENARIOS:
            time.sleep(window)  # a fresh window: the previous scenario's counts do not carry over
            print(
                f"  {bucket} {multiple}x normal ({normal * multiple:.1f}/s) x {clients} clients ...",
                flush=True,
            )
            r = hammer(port, url, clients, normal * multiple, args.seconds)
            res["runs"].append(r | {"bucket": bucket, "url": url, "x_normal": multiple, "clients": clients})
    server.shutdown()
    res["loadavg_end"] = os.getloadavg()
    if role:
        from django.db import connections

        connections["portal"].close()
        drop_role(connection, role)

    print(
        f"\n== portal load: {res['db']}, portal alias separate: {res['portal_alias_separate']}, role: {role or '-'}"
    )
    print(
        f"{'bucket':9} {'limit':>10} {'rate':>5} {'clients':>7} {'requests':>8} {'req/s':>7} "
        f"{'200':>6} {'304':>6} {'429':>6} {'5xx':>4} {'other':>5}"
    )
    for r in res["runs"]:
        c = r["counts"]
        known = {"200", "304", "429", "5xx", "429 without Retry-After"}
        other = sum(v for k, v in c.items() if k not in known)
        limit, window = limits[r["bucket"]]
        print(
            f"{r['bucket']:9} {f'{limit}/{window:g}s':>10} {r['x_normal']:>4}x {r['clients']:7} {r['requests']:8} "
            f"{r['achieved_per_s']:7.1f} {c.get('200', 0):6} {c.get('304', 0):6} {c.get('429', 0):6} "
            f"{c.get('5xx', 0):4} {other:5}"
        )
    missing = sum(r["counts"].get("429 without Retry-After", 0) for r in res["runs"])
    fivexx = sum(r["counts"].get("5xx", 0) for r in res["runs"])
    print(f"  5xx in total: {fivexx}; 429 without Retry-After: {missing}")
    print(
        f"  load average start {load_start[0]:.2f}, end {res['loadavg_end'][0]:.2f} ({os.cpu_count()} CPUs)"
    )
    OUT.mkdir(parents=True, exist_ok=True)
    out_path = OUT / f"portal_load_{connection.vendor}_{time.strftime('%Y%m%d-%H%M%S')}.json"
    out_path.write_text(json.dumps(res, ensure_ascii=False, indent=1, default=str))
    print(f"written {out_path.relative_to(ROOT)}")
    return 1 if fivexx else 0


def main(argv=None) -> int:
    from cases_bench import throwaway_installation

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--decisions", type=int, default=200)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--portal-role", action="store_true", help="PostgreSQL: serve as the PUB-04 role")
    parser.add_argument("--scale", type=float, default=10.0, help="divide limits and windows by this")
    parser.add_argument("--seconds", type=float, default=12.0, help="length of each scenario")
    parser.add_argument("--normal", type=float, default=0.9, help="normal rate as a fraction of the limit")
    args = parser.parse_args(argv)
    if args.portal_role and args.db != "postgres":
        parser.error("--portal-role needs --db postgres")

    with throwaway_installation(args.db, args.pg_url, "sanxiang_portal_load_"):
        return run(args)


if __name__ == "__main__":
    sys.exit(main())
