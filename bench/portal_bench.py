"""Portal throughput (issue 5 §6): pages per second against a trivial Django view, same server, same run.

    .venv/bin/python bench/portal_bench.py                 # SQLite, 2000 decisions, 5 s a page
    .venv/bin/python bench/portal_bench.py --db postgres --decisions 10000 --seconds 10
    .venv/bin/python bench/portal_bench.py --items 30         # a body page listing 30 items of each kind

A throwaway database (as in bench/cases_bench.py) gets a small city: 4 bodies with officers and
credentials and 40 cases (bench/cases_data.py), and --decisions published decisions with their
search rows (bench/search_bench.py, the tokenizer's real index). The WSGI application is served by
Django's ThreadedWSGIServer in a thread of this process (the full middleware stack of the settings,
DEBUG off); the load generator runs in another process (--clients threads, each with one
keep-alive HTTP/1.1 connection) and requests one URL for --seconds, counting responses by status.

Pages: a trivial view (`HttpResponse("ok")` at /bench/trivial/, behind the same middleware: the
baseline), the portal home, a body's page, a decision page, the decision search for a common
2-character word, a rare word and a word with a body filter, and three public JSON API answers (the
body directory, one body, the decision search). Two phases: the portal's cache off
(SANXIANG_PORTAL_CACHE=False: every request renders) and, when `sanxiang.portal.middleware` exists,
on (the middleware is put into the stack for the run if the settings do not have it yet); the cache
covers the API since session 3 (docs/portal.md).
The portal's rate limits are switched off for the run (SANXIANG_PORTAL_RATE_LIMIT=False): one client
address would otherwise be throttled after 30-120 requests a minute, which is the point of them.
Reported: pages/s, the ratio to the trivial view in the same phase, median latency, non-200 counts.
Results go to bench/out/portal_<db>_<time>.json. No timing is asserted anywhere.
"""

from __future__ import annotations

import argparse
import datetime
import http.client
import json
import multiprocessing
import os
import socket
import statistics
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote

from django.http import HttpResponse
from django.urls import include, path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def trivial(request):
    return HttpResponse("ok", content_type="text/plain")


def __getattr__(name: str):
    """The bench's URLconf (ROOT_URLCONF = "portal_bench"): the project's URLs plus the trivial view.

    Built lazily: include() imports sanxiang.urls, which needs Django set up (the load generator's
    process imports this module too, without Django)."""
    if name == "urlpatterns":
        return [path("bench/trivial/", trivial), path("", include("sanxiang.urls"))]
    raise AttributeError(name)


PORTAL_MIDDLEWARE = "sanxiang.portal.middleware.PortalMiddleware"


# --- load generator (runs in another process) ----------------------------------------------------


def _client(port: int, url: str, seconds: float, out: list) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    statuses: dict[int, int] = {}
    latencies = []
    stop = time.perf_counter() + seconds
    while time.perf_counter() < stop:
        started = time.perf_counter()
        try:
            conn.request("GET", url, headers={"Accept-Language": "zh-CN"})
            response = conn.getresponse()
            response.read()
            status = response.status
            if response.will_close:
                conn.close()
        except (http.client.HTTPException, OSError):
            conn.close()
            status = 0
        latencies.append(time.perf_counter() - started)
        statuses[status] = statuses.get(status, 0) + 1
    conn.close()
    out.append((statuses, latencies))


def load_run(port: int, url: str, seconds: float, clients: int, queue) -> None:
    """Process body: `clients` threads hammer one URL; sends (statuses, latencies) back."""
    results: list = []
    threads = [threading.Thread(target=_client, args=(port, url, seconds, results)) for _ in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    statuses: dict[int, int] = {}
    latencies: list[float] = []
    for s, lat in results:
        for k, v in s.items():
            statuses[k] = statuses.get(k, 0) + v
        latencies += lat
    queue.put({"elapsed": elapsed, "statuses": statuses, "median_ms": statistics.median(latencies) * 1e3})


def hammer(port: int, url: str, seconds: float, clients: int) -> dict:
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=load_run, args=(port, url, seconds, clients, queue))
    proc.start()
    result = queue.get(timeout=seconds + 120)
    proc.join()
    ok = result["statuses"].get(200, 0)
    result["pages_per_s"] = ok / result["elapsed"]
    result["non_200"] = sum(v for k, v in result["statuses"].items() if k != 200)
    return result


# --- server --------------------------------------------------------------------------------------


def serve():
    """Django's threaded WSGI server on a free port, in a daemon thread of this process."""
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler

    class Quiet(WSGIRequestHandler):
        def setup(self):
            # wsgiref writes headers and body in separate sends: without TCP_NODELAY every
            # keep-alive response stalls ~40 ms on Nagle + delayed ACK, a ceiling of ~90 pages/s
            # for 4 clients that hides what Django costs (seen on the first run).
            self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            super().setup()

        def log_message(self, *args):
            pass

    server = ThreadedWSGIServer(("127.0.0.1", 0), Quiet, allow_reuse_address=False)
    handler = {"app": WSGIHandler()}
    server.set_app(lambda environ, start: handler["app"](environ, start))
    threading.Thread(target=server.serve_forever, daemon=True).start()

    def reload():  # a new handler reads MIDDLEWARE again
        handler["app"] = WSGIHandler()

    return server, reload


# --- the run -------------------------------------------------------------------------------------


def pages(bodies) -> dict[str, str]:
    from sanxiang.publication.models import Publication

    decision = Publication.objects.order_by("-decision_date").first()
    return {
        "trivial view (baseline)": "/bench/trivial/",
        "home /portal/": "/portal/",
        "body page": f"/portal/bodies/{bodies[0].public_id}/",
        "decision page": f"/portal/decisions/{decision.public_id}/",
        "search 牛奶 (common)": "/portal/decisions/?q=" + quote("牛奶"),
        "search 瑞祥信诚 (rare)": "/portal/decisions/?q=" + quote("瑞祥信诚"),
        "search 超市 + body": f"/portal/decisions/?q={quote('超市')}&body={bodies[0].pk}",
        "API bodies": "/api/v1/public/bodies",
        "API body": f"/api/v1/public/bodies/{bodies[0].public_id}",
        "API decisions 牛奶": "/api/v1/public/publication/decisions?q=" + quote("牛奶"),
    }


def publish_items(body, per_kind: int) -> None:
    """`per_kind` published disclosure items of each list kind (and the body information) for `body`,
    written as rows (item + published version, the sample content validated by the real form): the
    bench city has none otherwise, and a real body lists tens to hundreds."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from sanxiang.disclosure.content import content_hash, spec
    from sanxiang.disclosure.models import Item, ItemVersion
    from sanxiang.disclosure.services import validated
    from sanxiang.disclosure.testing import SAMPLES, sample

    user = get_user_model().objects.order_by("pk").first()
    now = timezone.now()
    for kind in SAMPLES:
        for n in range(1 if kind == "body_info" else per_kind):
            changes = {} if kind == "body_info" else {"name": f"{SAMPLES[kind]['name']}（{n + 1}）"}
            content = validated(spec(kind).form, sample(kind, **changes))
            item = Item.objects.create(body=body, kind=kind, position=n + 1, title=spec(kind).title(content))
            version = ItemVersion.objects.create(
                item=item,
                number=1,
                status="published",
                content=content,
                content_hash=content_hash(content),
                created_by=user,
                published_by=user,
                published_at=now,
            )
            item.latest = item.published = version
            item.save(update_fields=["latest", "published"])


def query_counts(urls: dict[str, str]) -> dict[str, int]:
    """Database queries of one uncached request of each page (test Client, same settings).

    Counted on every alias: public reads go to the `portal` alias (PUB-04, sanxiang.portal.routers).
    The query logs are emptied first: CaptureQueriesContext slices a log capped at 9,000 entries,
    which loading the city fills."""
    from contextlib import ExitStack

    from django.db import connections
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client, counts = Client(), {}
    for label, url in urls.items():
        with ExitStack() as stack:
            captures = []
            for alias in connections:
                connections[alias].queries_log.clear()
                captures.append(stack.enter_context(CaptureQueriesContext(connections[alias])))
            assert client.get(url).status_code == 200, url
        counts[label] = sum(len(c.captured_queries) for c in captures)
    connections.close_all()
    return counts


def run(args) -> int:
    import search_bench
    from cases_bench import OUT, ROOT
    from django.conf import settings
    from django.db import connection

    load_start = os.getloadavg()
    is_pg = connection.vendor == "postgresql"
    print(f"building the city ({args.decisions:,} decisions) on {connection.vendor} ...", flush=True)
    bodies, cases = search_bench.make_city()
    search_bench.load(bodies, cases, 0, args.decisions, datetime.date.today(), search_bench.Tokens())
    if args.items:
        publish_items(bodies[0], args.items)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if is_pg else "ANALYZE")
    connection.close()  # the server threads open their own

    settings.ROOT_URLCONF = "portal_bench"
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["*"]
    settings.SANXIANG_PORTAL_RATE_LIMIT = False
    settings.SANXIANG_PORTAL_CACHE = False
    urls = pages(bodies)
    counts = query_counts(urls)
    server, reload = serve()
    port = server.server_address[1]
    res = {
        "db": connection.vendor,
        "date": datetime.datetime.now().isoformat(timespec="seconds"),
        "argv": sys.argv,
        "decisions": args.decisions,
        "items_per_kind": args.items,
        "seconds": args.seconds,
        "clients": args.clients,
        "loadavg_start": load_start,
        "phases": {},
        "queries_uncached": counts,
    }
    phases = [("cache off", False)]
    try:
        __import__("sanxiang.portal.middleware")
        phases.append(("cache on", True))
    except ImportError:
        print("sanxiang.portal.middleware not found: measuring without the page cache only")
    for phase, cached in phases:
        settings.SANXIANG_PORTAL_CACHE = cached
        if cached and PORTAL_MIDDLEWARE not in settings.MIDDLEWARE:
            settings.MIDDLEWARE = [*settings.MIDDLEWARE, PORTAL_MIDDLEWARE]
            res["middleware_added_for_cache_phase"] = True
        reload()
        res["middleware"] = list(settings.MIDDLEWARE)
        out = res["phases"][phase] = {}
        for label, url in urls.items():
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            conn.request("GET", url)
            warm = conn.getresponse()
            body = warm.read()
            conn.close()
            print(
                f"  [{phase}] {label}: {warm.status}, {len(body):,} bytes; {args.seconds:.0f} s of load ...",
                flush=True,
            )
            if warm.status != 200:  # a rate of error pages means nothing
                server.shutdown()
                print(f"{url} answered {warm.status}: {body[:300]!r}", file=sys.stderr)
                return 1
            out[label] = hammer(port, url, args.seconds, args.clients) | {
                "url": url,
                "bytes": len(body),
                "queries_uncached": counts[label],
            }
    server.shutdown()
    res["loadavg_end"] = os.getloadavg()

    print(
        f"\n== portal bench: {res['db']}, {args.decisions:,} decisions, {args.items} items a kind on the body page, "
        f"{args.clients} clients, {args.seconds:.0f} s a page"
    )
    print(
        f"{'page':28} {'phase':9} {'pages/s':>9} {'x trivial':>9} {'median ms':>10} {'non-200':>8} {'bytes':>8} {'queries':>7}"
    )
    for phase, rows in res["phases"].items():
        base = rows["trivial view (baseline)"]["pages_per_s"]
        for label, r in rows.items():
            r["ratio_to_trivial"] = r["pages_per_s"] / base if base else None
            print(
                f"{label:28} {phase:9} {r['pages_per_s']:9.1f} {r['ratio_to_trivial']:9.2f} {r['median_ms']:10.1f} "
                f"{r['non_200']:8} {r['bytes']:8,} {r['queries_uncached']:7}"
            )
    print(
        f"  load average start {load_start[0]:.1f}, end {res['loadavg_end'][0]:.1f} ({os.cpu_count()} CPUs)"
    )
    OUT.mkdir(parents=True, exist_ok=True)
    out_path = OUT / f"portal_{'pg' if is_pg else 'sqlite'}_{time.strftime('%Y%m%d-%H%M%S')}.json"
    out_path.write_text(json.dumps(res, ensure_ascii=False, indent=1, default=str))
    print(f"written {out_path.relative_to(ROOT)}")
    return 0


def main(argv=None) -> int:
    from cases_bench import throwaway_installation

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--decisions", type=int, default=2000)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--seconds", type=float, default=5.0, help="load per page (default 5)")
    parser.add_argument("--clients", type=int, default=4, help="concurrent connections (default 4)")
    parser.add_argument(
        "--items",
        type=int,
        default=0,
        help="published disclosure items of each kind on the body page (default 0)",
    )
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args(argv)

    with throwaway_installation(args.db, args.pg_url, "sanxiang_portal_bench_", keep=args.keep):
        return run(args)


if __name__ == "__main__":
    sys.exit(main())
