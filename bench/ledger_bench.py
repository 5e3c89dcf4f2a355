"""Ledger benchmark: append rate, and full verification against a bare hashlib loop.

    .venv/bin/python bench/ledger_bench.py --entries 100000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sanxiang_bench .venv/bin/python bench/ledger_bench.py

Without DATABASE_URL it uses a throwaway SQLite file in a temporary folder (also holding the
signing key) and runs the migrations itself. With DATABASE_URL the database must be empty or
disposable: the ledger tables are filled.

(a) append: entries/s through services.append(), one transaction per entry (how callers use it)
    and 100 entries per transaction.
(b) verify: verify_ledger() over N entries, in one process (--workers 1) and with --workers worker
    processes (default: one per CPU; forced even below the parallel threshold), against a bare loop
    hashing the same leaf data (sha256(0x00 || data) per leaf, data already in memory, one process);
    prints bare/verify (issue target: >= 0.3). Also a loop doing all the hashing verification needs
    (leaves, then the n-1 tree nodes).

Best of --repeat runs, wall-clock and CPU time (this process plus its finished worker processes;
the CPU figure is the stable one on a shared machine). The load average is printed before and
after: on a shared machine, quote it with the figures.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import hashlib
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django(workdir: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sanxiang.settings")
    os.environ["SANXIANG_DATA_DIR"] = workdir
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3")
    os.environ["SANXIANG_LEDGER_KEY"] = f"{workdir}/ledger-ed25519.pem"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def payload(i: int) -> dict:
    """What a case transition records (see cases.services._record)."""
    return {
        "body": "11140800MB1234567X",
        "case": f"河市监立字〔2025〕{i}号",
        "transition": "file",
        "from": "registered",
        "to": "filed",
        "effective_on": "2025-11-29",
        "event": i,
    }


def bench_append(count: int, per_transaction: int, actor) -> float:
    from django.db import transaction

    from sanxiang.ledger.services import append

    start = time.perf_counter()
    for first in range(0, count, per_transaction):
        with transaction.atomic():
            for i in range(first, min(first + per_transaction, count)):
                append(
                    "case.transition", subject_type="case", subject_id=str(i), payload=payload(i), actor=actor
                )
    return count / (time.perf_counter() - start)


def fill(total: int, actor) -> list[bytes]:
    """Bulk-insert entries up to `total`, exactly as append() would; returns their leaf data."""
    from django.db import transaction

    from sanxiang.ledger import merkle
    from sanxiang.ledger.encoding import actor_string, encode_payload, iso_utc, leaf_data
    from sanxiang.ledger.models import Entry, LedgerHead, TreeNode

    head = LedgerHead.objects.get(pk=1)
    nodes: list[TreeNode] = []
    tree = merkle.TreeBuilder(
        [bytes.fromhex(h) for h in head.frontier],
        head.size,
        node_sink=lambda level, i, h: nodes.append(TreeNode(level=level, index=i, hash=h.hex())),
        sink_min_level=TreeNode.MIN_LEVEL,
    )
    base = dt.datetime.now(dt.UTC)
    sha, all_data = hashlib.sha256, []
    chunk = 20_000
    for first in range(head.size, total, chunk):
        rows, datas = [], []
        for i in range(first, min(first + chunk, total)):
            created = base + dt.timedelta(microseconds=i * 7)
            text = encode_payload(payload(i))
            data = leaf_data(
                index=i,
                kind="case.transition",
                subject_type="case",
                subject_id=str(i),
                actor=actor_string(actor.pk, ""),
                created_at=iso_utc(created),
                payload=text,
            )
            datas.append(data)
            rows.append((i, created, text, data))
        hashes = [sha(b"\x00" + d).digest() for d in datas]
        all_data.extend(datas)
        tree.extend(hashes)
        with transaction.atomic():
            Entry.objects.bulk_create(
                [
                    Entry(
                        index=i,
                        kind="case.transition",
                        subject_type="case",
                        subject_id=str(i),
                        actor=actor,
                        created_at=created,
                        payload=text,
                        leaf_hash=h.hex(),
                    )
                    for (i, created, text, _), h in zip(rows, hashes, strict=True)
                ],
                batch_size=2000,
            )
            TreeNode.objects.bulk_create(nodes)
            nodes.clear()
        print(f"  filled {min(first + chunk, total):>9,} entries", end="\r", flush=True)
    LedgerHead.objects.filter(pk=1).update(
        size=tree.size, root_hash=tree.root().hex(), frontier=[h.hex() for h in tree.frontier]
    )
    print()
    return all_data


def existing_leaf_data(count: int) -> list[bytes]:
    """The leaf data of the entries appended by bench_append, rebuilt from their rows."""
    from sanxiang.ledger.encoding import actor_string, iso_utc, leaf_data
    from sanxiang.ledger.models import Entry

    return [
        leaf_data(
            index=e.index,
            kind=e.kind,
            subject_type=e.subject_type,
            subject_id=e.subject_id,
            actor=actor_string(e.actor_id, e.actor_label),
            created_at=iso_utc(e.created_at),
            payload=e.payload,
        )
        for e in Entry.objects.filter(index__lt=count).order_by("index").iterator(chunk_size=10_000)
    ]


def cpu_seconds() -> float:
    """CPU time of this process and of its children that have ended (the verify workers)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def load() -> str:
    return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def bare_leaves(datas: list[bytes]) -> None:
    sha = hashlib.sha256
    for d in datas:
        sha(b"\x00" + d).digest()


def bare_tree(datas: list[bytes]) -> bytes:
    from sanxiang.ledger import merkle

    sha = hashlib.sha256
    return merkle.root([sha(b"\x00" + d).digest() for d in datas])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--entries", type=int, default=100_000, help="ledger size for the verify benchmark")
    parser.add_argument("--appends", type=int, default=2_000, help="entries appended one by one in (a)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement; the best counts")
    parser.add_argument("--workers", type=int, default=None, help="verify worker processes (default: CPUs)")
    parser.add_argument(
        "--workdir",
        help="keep the SQLite installation in this folder; a later run with it and no more --entries "
        "reuses the filled ledger and skips (a) and the fill (to re-measure when the machine is quiet)",
    )
    args = parser.parse_args()

    with contextlib.ExitStack() as stack:
        if args.workdir:
            workdir = os.path.abspath(args.workdir)
            os.makedirs(workdir, exist_ok=True)
        else:
            workdir = stack.enter_context(tempfile.TemporaryDirectory(prefix="ledger-bench-"))
        setup_django(workdir)
        from django.conf import settings
        from django.contrib.auth import get_user_model
        from django.db import connection

        from sanxiang.ledger.models import LedgerHead
        from sanxiang.ledger.services import sign_tree_head
        from sanxiang.ledger.verify import verify_ledger

        db = settings.DATABASES["default"]
        print(
            f"database: {connection.vendor} {db['NAME']}; python {sys.version.split()[0]}; {os.cpu_count()} CPUs"
        )
        actor, _ = get_user_model().objects.get_or_create(username="ledger-bench")

        size = LedgerHead.objects.filter(pk=1).values_list("size", flat=True).first() or 0
        if size >= args.entries:
            print(f"reusing the {size:,} entries in {workdir}")
            datas = existing_leaf_data(size)
        else:
            one = bench_append(args.appends, 1, actor)
            batched = bench_append(args.appends, 100, actor)
            print(
                f"(a) append: {one:,.0f} entries/s (1 per transaction), "
                f"{batched:,.0f} entries/s (100 per transaction)"
            )
            datas = existing_leaf_data(LedgerHead.objects.get(pk=1).size)
            datas += fill(args.entries, actor)
        head = sign_tree_head()

        print(load())
        runs = {
            "bare loop, leaves only": lambda: bare_leaves(datas),
            "bare loop, leaves + tree": lambda: bare_tree(datas),
            "1 process": lambda: verify_ledger(workers=1, parallel_threshold=0),
            "workers": lambda: verify_ledger(workers=args.workers, parallel_threshold=0),
        }
        rounds = interleaved(runs, args.repeat)
        root = rounds[0]["bare loop, leaves + tree"][2]
        assert root.hex() == head.root_hash
        for label in ("bare loop, leaves only", "bare loop, leaves + tree"):
            wall, cpu = (min(r[label][k] for r in rounds) for k in (0, 1))
            print(f"    {label}: {wall:.2f} s wall, {cpu:.2f} s CPU (best of {args.repeat})")
        for label in ("1 process", "workers"):
            report = rounds[0][label][2]
            assert report.ok, report.first_problem
            n, wall, cpu = report.entries, *(min(r[label][k] for r in rounds) for k in (0, 1))
            print(
                f"(b) verify {n:,} entries, {report.workers} process(es) reading ({label}): {wall:.2f} s wall, "
                f"{cpu:.2f} s CPU ({n / wall:,.0f} entries/s wall)"
            )
            for base in ("bare loop, leaves only", "bare loop, leaves + tree"):
                # Each round's ratio uses that round's baseline: the machine drifts between rounds.
                ratios = sorted(r[base][k] / r[label][k] for r in rounds for k in (0,))
                cpu_ratios = sorted(r[base][1] / r[label][1] for r in rounds)
                print(
                    f"    ratio {base} / verify: median {statistics.median(ratios):.2f} wall "
                    f"(rounds {', '.join(f'{x:.2f}' for x in ratios)}), median {statistics.median(cpu_ratios):.2f} CPU"
                    + (" (target >= 0.3)" if base.endswith("only") else "")
                )
        print(load())


def interleaved(runs: dict, repeat: int) -> list[dict]:
    """`repeat` rounds, each timing every run once in turn: [{label: (wall, CPU, result)}]."""
    rounds = []
    for _ in range(repeat):
        timings = {}
        for label, fn in runs.items():
            wall, cpu = time.perf_counter(), cpu_seconds()
            result = fn()
            timings[label] = (time.perf_counter() - wall, cpu_seconds() - cpu, result)
        rounds.append(timings)
    return rounds


if __name__ == "__main__":
    main()
