"""Side-by-side Markdown table of bench/cases_bench.py results, for docs/benchmarks.md.

    .venv/bin/python bench/cases_report.py bench/out/cases_sqlite_10000_*.json bench/out/cases_pg_100000_*.json

Each JSON file becomes a column, in the order given; write LABEL=FILE to name a column. Cells: wall median in ms, this process's
CPU time in brackets, then the query count; ratios are against the same run's bare baseline.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

SCAN_ROWS = [
    ("scan_all", "deadline scan, all bodies: `system_deadline_alerts(today)`"),
    ("scan_body", "deadline scan, largest body"),
    ("bare_rows", "baseline: same rows via `values_list`"),
    ("count_running", "baseline: `count(*)` of running deadlines"),
    ("alerts_officer", "`deadline_alerts(officer)`"),
    ("alerts_agency_head", "`deadline_alerts(agency head)`"),
]
LIST_ROWS = [
    ("officer (mine, open)", "list page 1, officer (mine, open)"),
    ("department head (open)", "list page 1, department head (open)"),
    ("agency head (open)", "list page 1, agency head (open)"),
    ("agency head (all)", "list page 1, agency head (all)"),
    ("supervisor (open)", "list page 1, city supervisor (open)"),
]


def cell(m: dict) -> str:
    cpu = f" [{m['cpu_seconds'] * 1000:.0f}]" if m.get("cpu_seconds") is not None else ""
    return f"{m['seconds'] * 1000:,.0f}{cpu} · {m['queries']}q"


def column(res: dict) -> dict[str, str]:
    scan, lists, pages, api = res["scan"], res["lists"], res["pages"], res["api"]
    out = {
        "cases": f"{res['open_cases']:,} open + {res['closed_cases']:,}",
        "alert rows": f"{scan['scan_all']['result']['rows']:,} ({scan['scan_body']['result']['rows']:,} in body)",
        "generation": f"{res['generate_seconds']:.0f} s",
        "load": f"{res['loadavg_start'][0]:.1f} → {res['loadavg_end'][0]:.1f}",
    }
    for key, label in SCAN_ROWS:
        out[label] = cell(scan[key])
    out["scan ÷ bare rows (wall)"] = f"{scan['scan_all']['seconds'] / scan['bare_rows']['seconds']:.0f}×"
    out["scan per alert row (wall)"] = (
        f"{scan['scan_all']['seconds'] / scan['scan_all']['result']['rows'] * 1e6:.0f} µs"
    )
    if "scan_server_ms" in scan:
        out["scan query on the server (EXPLAIN ANALYZE)"] = f"{scan['scan_server_ms']:.0f} ms"
    for key, label in LIST_ROWS:
        m10, m30 = lists[key]["10"], lists[key]["30"]
        out[label] = f"{cell(m30)} (x10: {m10['queries']}q) of {m30['result']['total']:,}"
        out[label + " ÷ bare rows"] = f"{m30['seconds'] / scan['bare_rows']['seconds']:.1f}×"
    for label, m in pages.items():
        out[f"staff page: {label}"] = cell(m)
    out["API POST /api/v1/cases"] = (
        f"{api['create_per_s']:.1f}/s [{api['create_per_cpu_s']:.1f}/CPU-s] · {api['create_queries']}q"
    )
    out["API GET /api/v1/bodies (baseline)"] = (
        f"{api['bodies_per_s']:.1f}/s [{api['bodies_per_cpu_s']:.1f}/CPU-s] · {api['bodies_queries']}q"
    )
    out["one create costs (GETs, wall)"] = f"{api['bodies_per_s'] / api['create_per_s']:.1f}"
    out["API GET /api/v1/cases (50, mine, open)"] = cell(api["cases_list"])
    out["API GET /api/v1/cases/alerts, officer"] = (
        f"{cell(api['alerts_officer'])}, {api['alerts_officer']['result']['rows']} cases"
    )
    out["API GET /api/v1/cases/alerts, department head"] = (
        f"{cell(api['alerts_department_head'])}, {api['alerts_department_head']['result']['rows']} cases"
    )
    return out


def main(args: list[str]) -> None:
    labels, results = [], []
    for arg in args:
        label, _, path = arg.rpartition("=")
        res = json.loads(Path(path).read_text(encoding="utf-8"))
        results.append(res)
        db = "PostgreSQL" if res["db"] == "postgresql" else "SQLite"
        labels.append(label or f"{db} {res['open_cases'] // 1000}k")
    columns = [column(r) for r in results]
    print("| | " + " | ".join(labels) + " |")
    print("|---" * (len(labels) + 1) + "|")
    for row in columns[0]:
        print(f"| {row} | " + " | ".join(c.get(row, "") for c in columns) + " |")


if __name__ == "__main__":
    main(sys.argv[1:])
