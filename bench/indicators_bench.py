"""Compliance indicators benchmark (issue 6 §1/§6): every indicator for 50 bodies over N cases.

    .venv/bin/python bench/indicators_bench.py --cases 100000              # SQLite, throwaway file
    .venv/bin/python bench/indicators_bench.py --cases 20000 --db postgres  # needs BENCH_PG_URL

Set-up (migrations, throwaway database) comes from bench/cases_bench.py. N cases are written
straight to the tables with `insert()` (services would take hours at this size), spread over 50
bodies with officers, credentials, recorders, reviewer grants and a published catalogue for half
of them. Every case is decided within the last year; 60 % are closed with their REC-03 documents
(5 % of those miss one), 2 % have an overdue running deadline, 5 % a seizure event (90 % with an AV
record), 10 % a decision left at the door (留置送达, half with AV), 10 % a legal-review round; every
decision gets the stored classification review's handler writes when a decision is made (REV-01).

Measured: `registry.compute_all` of every indicator for the 50 bodies over the rolling year (what
the dashboard and `sanxiang indicators snapshot` do), its query count, and the snapshot itself;
also per indicator. Times are medians of --reps runs. Results go to bench/out/indicators_<db>_<N>_<time>.json.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cases_bench import OUT, measure, throwaway_installation  # noqa: E402

BODIES = 50
OFFICERS_PER_BODY = 20


def build(n: int, today: datetime.date, seed: int = 6) -> None:
    from django.db import transaction

    from sanxiang.cases.models import Case, CaseEvent, Deadline
    from sanxiang.documents.models import Document
    from sanxiang.evidence.models import Device, Evidence
    from sanxiang.orgs.choices import Role
    from sanxiang.orgs.models import RoleGrant
    from sanxiang.review.models import Catalogue, Submission
    from sanxiang.testing import factories as f

    rng = random.Random(seed)
    with transaction.atomic():
        user = f.make_user("bench.system")
        bodies = [f.make_body(f"基准执法局{i:02d}", f"基准{i:02d}") for i in range(BODIES)]
        departments = {b.pk: f.handling_department(b) for b in bodies}
        for i, body in enumerate(bodies):
            for k in range(OFFICERS_PER_BODY):
                f.make_officer(body, f"执法{i}-{k}", valid=k != 0 or i % 5)
            Device.objects.bulk_create(
                Device(body=body, number=f"JL-{k}", kind="recorder") for k in range(6 if i % 3 else 8)
            )
            reviewer = f.make_user(f"bench.reviewer{i}")
            RoleGrant.objects.create(user=reviewer, role=Role.LEGAL_REVIEWER, body=body)
            if i % 2:
                Catalogue.objects.create(
                    body=body,
                    version=1,
                    title="目录",
                    status="in_force",
                    effective_from=today.replace(month=1, day=1),
                    published=True,
                    published_on=today.replace(month=1, day=1),
                )
        batch = 5000
        for start in range(0, n, batch):
            cases, docs, deadlines, events, evidence, rounds = [], [], [], [], [], []
            for i in range(start, min(start + batch, n)):
                body = bodies[i % BODIES]
                decided = today - datetime.timedelta(days=rng.randint(1, 360))
                closed = rng.random() < 0.6
                cases.append(
                    Case(
                        body=body,
                        department=departments[body.pk],
                        clue_number=f"基线{i}",
                        number=f"基立{i}",
                        cause="基准案由",
                        facts="事实",
                        place="地点",
                        registered_on=decided - datetime.timedelta(days=40),
                        discovered_on=decided - datetime.timedelta(days=41),
                        violation_ended_on=decided - datetime.timedelta(days=42),
                        filed_on=decided - datetime.timedelta(days=35),
                        decided_on=decided,
                        state="closed" if closed else "decided",
                        closed_on=decided + datetime.timedelta(days=20) if closed else None,
                        proposed_penalties=[{"kind": "fine", "amount": "2000"}],
                        final_penalties=[{"kind": "fine", "amount": "2000"}],
                    )
                )
            insert(Case, cases)
            for case in cases:
                overdue = rng.random() < 0.02
                deadlines.append(
                    Deadline(
                        case=case,
                        kind="decision",
                        rule="CASE-05",
                        start_date=case.filed_on,
                        count=90,
                        unit="days",
                        due_date=today - datetime.timedelta(days=3)
                        if overdue
                        else case.filed_on + datetime.timedelta(days=90),
                        met_on=None if overdue else case.decided_on,
                    )
                )
                if case.closed_on:
                    kinds = ["filing_approval", "inspection_record", "penalty_decision", "service_receipt"]
                    if rng.random() < 0.05:
                        kinds.pop(rng.randrange(4))
                    for kind in kinds:
                        docs.append(
                            Document(
                                case=case,
                                kind=kind,
                                issued_on=case.decided_on,
                                issued_at=_at(case.decided_on),
                                context={},
                                template_version=0,
                                template_sha256="0" * 64,
                                docx_name="d.docx",
                                docx_sha256="0" * 64,
                                docx_sm3="0" * 64,
                                docx_size=1,
                                pdf_name="d.pdf",
                                pdf_sha256="0" * 64,
                                pdf_sm3="0" * 64,
                                pdf_size=1,
                                ledger_index=0,
                            )
                        )
                roll = rng.random()
                if roll < 0.05 or roll > 0.9:
                    seizure = roll < 0.05
                    events.append(
                        CaseEvent(
                            case=case,
                            transition="take_measure" if seizure else "serve_decision",
                            to_state="investigation",
                            effective_on=case.decided_on,
                            data={} if seizure else {"service_method": "left"},
                        )
                    )
                    if rng.random() < (0.9 if seizure else 0.5):
                        evidence.append(
                            Evidence(
                                case=case,
                                step="take_measure" if seizure else "serve_decision",
                                kind="video",
                                name="v.mp4",
                                extension="mp4",
                                content_type="video/mp4",
                                size=1,
                                sha256=f"{case.pk:064x}",
                                sm3="0" * 64,
                                uploaded_by=user,
                            )
                        )
                if rng.random() < 0.1:
                    day = case.decided_on - datetime.timedelta(days=10)
                    rounds.append(
                        Submission(
                            case=case,
                            round=1,
                            status="done",
                            submitted_by=user,
                            submitted_on=day,
                            accepted_on=day,
                            due_on=day + datetime.timedelta(days=14),
                            opinion="approve",
                            opinion_on=day + datetime.timedelta(days=rng.choice((3, 3, 3, 20))),
                        )
                    )
            for model, objs in (
                (Deadline, deadlines),
                (Document, docs),
                (CaseEvent, events),
                (Evidence, evidence),
                (Submission, rounds),
            ):
                insert(model, objs)
            print(f"  {min(start + batch, n)} cases", file=sys.stderr)
        # What review's transition handler stores at each decision (the services are bypassed here).
        from sanxiang.review.decisions import backfill

        backfill(Case.objects.all())


def insert(model, objs: list) -> None:
    """What bulk_create writes, without its per-batch SQL compilation (which took ~7 ms a case and
    made 1M cases a two-hour build): one executemany per model, each value prepared by its field as
    bulk_create prepares it. Primary keys are assigned here (the next free ids), so later rows can
    point at these objects."""
    from django.db import connection

    if not objs:
        return
    meta = model._meta
    fields = meta.concrete_fields
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX({q(meta.pk.column)}), 0) FROM {q(meta.db_table)}")  # noqa: S608
        next_id = cursor.fetchone()[0] + 1
        for offset, obj in enumerate(objs):
            obj.pk = next_id + offset
            obj._state.adding, obj._state.db = False, connection.alias
        rows = [[f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields] for obj in objs]
        columns = ", ".join(q(f.column) for f in fields)
        marks = ", ".join(["%s"] * len(fields))
        cursor.executemany(f"INSERT INTO {q(meta.db_table)} ({columns}) VALUES ({marks})", rows)  # noqa: S608
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence(%s, %s), %s)",
                [meta.db_table, meta.pk.column, next_id + len(objs) - 1],
            )


def _at(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(10), tzinfo=datetime.UTC)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument(
        "--workdir",
        help="SQLite: keep the database in this folder; a folder already holding one is measured "
        "again without building (the 1M build takes ~35 min here)",
    )
    args = parser.parse_args()
    reuse = args.db == "sqlite" and bool(args.workdir) and Path(args.workdir, "bench.sqlite3").exists()
    pg_url = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")
    with throwaway_installation(args.db, pg_url, "sanxiang-indicators-bench-", workdir=args.workdir):
        from django.db import connection

        from sanxiang.cases.models import Case
        from sanxiang.supervision import registry, scoring, snapshots
        from sanxiang.supervision.registry import Period

        today = datetime.date.today()
        started = time.perf_counter()
        if reuse:
            args.cases = Case.objects.count()
        else:
            build(args.cases, today)
        with connection.cursor() as cursor:
            # Planner statistics, as production has them (the daily scan runs PRAGMA optimize on
            # SQLite; autovacuum analyzes on PostgreSQL): without them SQLite reads 1M cases through
            # the body index instead of scanning, ~3x the I/O.
            cursor.execute("ANALYZE")
        built = 0.0 if reuse else time.perf_counter() - started
        period = Period.rolling_year(today)
        bodies = list(scoring.scoring_bodies())
        ids = [b.pk for b in bodies]
        result = {
            "db": args.db,
            "cases": args.cases,
            "bodies": len(bodies),
            "build_seconds": round(built, 1),
            "all_indicators": measure(lambda: bool(registry.compute_all(period, ids)), args.reps),
            "scorecards_with_city": measure(lambda: bool(scoring.build(period, bodies)), 1),
            "snapshot": measure(lambda: snapshots.take_snapshot(today).values, 1),
            "per_indicator": {},
        }
        for indicator in registry.all_indicators():
            result["per_indicator"][indicator.code] = measure(
                lambda i=indicator: bool(registry.compute_all(period, ids, [i])), 1
            )
        OUT.mkdir(exist_ok=True)
        stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
        path = OUT / f"indicators_{args.db}_{args.cases}_{stamp}.json"
        path.write_text(json.dumps(result, indent=2, ensure_ascii=False, default=str))
        print(json.dumps(result, indent=2, ensure_ascii=False, default=str))


if __name__ == "__main__":
    main()
