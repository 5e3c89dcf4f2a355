"""Legal review benchmark (issue 4): classification, the gate, the queue scan and the statistics.

    .venv/bin/python bench/review_bench.py --cases 5000 --db sqlite
    .venv/bin/python bench/review_bench.py --cases 20000 --db postgres

Set-up (migrations, throwaway database) comes from bench/cases_bench.py. The script writes N
decided cases of two bodies straight to the tables (a tenth of them major by the default city
catalogue, half of those with an approving review round) plus N/20 rounds under review, then:

(a) classify(): one case's penalties against the catalogue, catalogue looked up vs cached;
(b) gate.standing(): a flagged, reviewed case (what the decide guard costs), with its query count;
(c) system_review_alerts(today) and the reviewer's queue over the open rounds;
(d) review_statistics() for the city supervisor over the year (the supervision page).

Times are medians of --reps runs. Results go to bench/out/review_<db>_<N>_<time>.json.
"""

from __future__ import annotations

import argparse
import datetime
import json
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cases_bench import OUT, create_postgres, drop_postgres, measure, setup_django  # noqa: E402


def build(n: int, today: datetime.date) -> dict:
    from django.db import transaction

    from sanxiang.cases.models import Case, Party
    from sanxiang.orgs.choices import Role
    from sanxiang.review.models import Submission
    from sanxiang.review.testing import qualify
    from sanxiang.testing import factories as f

    rng = random.Random(4)
    with transaction.atomic():
        bodies = [f.make_body("基准市场监管局", "基准监"), f.make_body("基准生态环境局", "基准环")]
        officer = f.make_user("bench.officer", Role.OFFICER, body=bodies[0])
        reviewer = f.make_user("bench.reviewer", Role.LEGAL_REVIEWER, body=bodies[0])
        supervisor = f.make_user("bench.supervisor", Role.SUPERVISOR)
        qualify(reviewer, bodies[0])
        cases, parties, rounds = [], [], []
        for i in range(n):
            body = bodies[i % 2]
            major = i % 10 == 0
            fine = "50000" if major else str(rng.choice((200, 1000, 5000)))
            decided = today - datetime.timedelta(days=rng.randint(1, 360))
            cases.append(
                Case(
                    body=body,
                    department=f.handling_department(body),
                    clue_number=f"基准线{i}",
                    number=f"基准立{i}",
                    cause="基准案由",
                    facts="事实",
                    place="地点",
                    registered_on=decided - datetime.timedelta(days=40),
                    discovered_on=decided - datetime.timedelta(days=41),
                    violation_ended_on=decided - datetime.timedelta(days=42),
                    filed_on=decided - datetime.timedelta(days=35),
                    state="decided",
                    decided_on=decided,
                    proposed_penalties=[{"kind": "fine", "amount": fine}],
                    final_penalties=[{"kind": "fine", "amount": fine}],
                )
            )
        Case.objects.bulk_create(cases, batch_size=2000)
        for i, case in enumerate(cases):
            parties.append(
                Party(case=case, kind="natural", name=f"当事人{i}", id_number=f.id_number(i), address="地址")
            )
            if i % 20 == 0:
                day = case.decided_on - datetime.timedelta(days=5)
                rounds.append(
                    Submission(
                        case=case,
                        round=1,
                        status="done",
                        submitted_by=officer,
                        submitted_on=day,
                        penalties=case.proposed_penalties,
                        accepted_by=reviewer,
                        accepted_on=day,
                        due_on=day + datetime.timedelta(days=14),
                        reviewer=reviewer,
                        opinion="approve",
                        opinion_on=day + datetime.timedelta(days=3),
                    )
                )
        Party.objects.bulk_create(parties, batch_size=2000)
        open_cases = Case.objects.bulk_create(
            [
                Case(
                    body=bodies[0],
                    department=f.handling_department(bodies[0]),
                    clue_number=f"基准审线{i}",
                    cause="在审",
                    facts="事实",
                    place="地点",
                    registered_on=today - datetime.timedelta(days=60),
                    discovered_on=today - datetime.timedelta(days=61),
                    violation_ended_on=today - datetime.timedelta(days=62),
                    state="notice",
                    proposed_penalties=[{"kind": "fine", "amount": "50000"}],
                )
                for i in range(max(n // 20, 1))
            ]
        )
        for case in open_cases:
            accepted = today - datetime.timedelta(days=rng.randint(0, 20))
            rounds.append(
                Submission(
                    case=case,
                    round=1,
                    status="under_review",
                    submitted_by=officer,
                    submitted_on=accepted,
                    penalties=case.proposed_penalties,
                    accepted_by=reviewer,
                    accepted_on=accepted,
                    due_on=accepted + datetime.timedelta(days=14),
                    reviewer=reviewer,
                )
            )
        Submission.objects.bulk_create(rounds, batch_size=2000)
    reviewed = next(c for i, c in enumerate(cases) if i % 20 == 0)
    return {"cases": cases, "reviewed": reviewed, "reviewer": reviewer, "supervisor": supervisor}


def run(n: int, reps: int) -> dict:
    from sanxiang.review import classify, gate, selectors, statistics

    today = datetime.date.today()
    data = build(n, today)
    case = data["reviewed"]
    catalogues = classify.effective(case.body_id, case.decided_on)
    year_start = today - datetime.timedelta(days=365)
    results = {
        "classify_lookup": measure(
            lambda: classify.classify(case, case.final_penalties, case.decided_on), reps
        ),
        "classify_cached": measure(
            lambda: classify.classify(case, case.final_penalties, case.decided_on, catalogues=catalogues),
            reps,
        ),
        "gate_standing": measure(
            lambda: gate.standing(case, final_penalties=case.final_penalties, day=case.decided_on), reps
        ),
        "system_alerts": measure(lambda: selectors.system_review_alerts(today), reps),
        "reviewer_queue": measure(lambda: selectors.queue(data["reviewer"], today), reps),
        "statistics_year": measure(
            lambda: statistics.review_statistics(data["supervisor"], year_start, today),
            max(reps // 3, 1),
            True,
        ),
    }
    return results


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=5000)
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--reps", type=int, default=7)
    args = parser.parse_args(argv)
    workdir = tempfile.mkdtemp(prefix="sanxiang_review_bench_")
    name = None
    if args.db == "postgres":
        name = create_postgres(args.pg_url)
        url = f"{args.pg_url}/{name}"
    else:
        url = f"sqlite:///{workdir}/bench.sqlite3"
    try:
        setup_django(workdir, url)
        started = time.perf_counter()
        results = run(args.cases, args.reps)
    finally:
        if name:
            drop_postgres(args.pg_url, name)
    OUT.mkdir(parents=True, exist_ok=True)
    out = OUT / f"review_{args.db}_{args.cases}_{time.strftime('%Y%m%d-%H%M%S')}.json"
    summary = {
        k: {"median_s": v["seconds"], "cpu_s": v["cpu_seconds"], "queries": v["queries"]}
        for k, v in results.items()
    }
    out.write_text(
        json.dumps({"cases": args.cases, "db": args.db, "results": summary}, indent=2, default=str)
    )
    for key, value in summary.items():
        print(f"{key:18} {value['median_s'] * 1000:9.2f} ms  {value['queries']} queries")
    print(f"total {time.perf_counter() - started:.1f} s → {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
