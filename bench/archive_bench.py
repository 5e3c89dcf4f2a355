"""Case-file export and offline verification benchmark (issue 3 §4): 1 GiB of evidence, against sha256sum.

    .venv/bin/python bench/archive_bench.py                  # 1 GiB, 1 round
    .venv/bin/python bench/archive_bench.py --size-mib 256 --rounds 3

A throwaway installation (SQLite, local storage) in a temporary folder. A case gets one generated
video of --size-mib through the evidence app's real upload services (session, one chunk, complete),
written to disk in 16 MiB blocks, never held in memory. Then, per round, in the same run and on the
same (page-cached) data:

- baselines: `sha256sum` of the video and a plain file copy (`cp`) of it;
- export: `services.export_case` + writing the streamed ZIP to a file, as `sanxiang archive export`
  does (the video is read in 1 MiB blocks, CRC'd by zipfile, SM3/SHA-256 re-hashed on a helper
  thread, STORED with ZIP64 headers); reported total and stream-only (the total includes rendering
  the table of contents and fetching proofs);
- verify: `verify_archive` on that ZIP with the trusted key (reads, CRC, SHA-256 and SM3 of every
  member, leaf hashes, proofs, signature), as `sanxiang archive verify` does.

Reported: wall seconds, MiB/s, the ratios baseline_seconds / our_seconds (1.0 = as fast as the
baseline), CPU seconds of this process, and the peak RSS increase of this process during each step
(sampled every 20 ms from /proc/self/status). Results also go to bench/out/archive_<time>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from measure import OUT, MiB, PeakRss, cpu_seconds, make_file, make_officer_case, setup_django, timed


def make_case_with_video(path: Path):
    from sanxiang.evidence import services as evidence

    user, case = make_officer_case()
    size = path.stat().st_size
    session = evidence.create_session(
        user, str(case.public_id), {"step": "field", "filename": "执法记录仪_0001.mp4", "size": size}
    )
    with open(path, "rb") as stream:
        evidence.receive_chunk(user, session.public_id, stream, length=size, offset="0")
    evidence.complete_session(user, session.public_id)
    return user, case


def export(user, case, target: Path) -> dict:
    from sanxiang.archive import services

    cpu, started = cpu_seconds(), time.perf_counter()
    with PeakRss() as rss:
        prepared = services.export_case(user, case, channel="cli")
        streaming = time.perf_counter()
        with open(target, "wb") as out:
            for chunk in prepared.chunks:
                out.write(chunk)
    ended = time.perf_counter()
    return {
        "wall": ended - started,
        "stream_wall": ended - streaming,
        "cpu": cpu_seconds() - cpu,
        "rss": rss.increase,
    }


def verify(target: Path, pem: str) -> dict:
    from sanxiang.archive.verify import verify_archive

    cpu, started = cpu_seconds(), time.perf_counter()
    with PeakRss() as rss:
        report = verify_archive(target, trusted_key=pem)
    assert report.ok, report.problems
    return {"wall": time.perf_counter() - started, "cpu": cpu_seconds() - cpu, "rss": rss.increase}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mib", type=int, default=1024)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--workdir", help="keep everything in this folder (default: a temporary one)")
    parser.add_argument("--keep", action="store_true", help="do not delete the temporary folder")
    args = parser.parse_args(argv)

    workdir = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="sanxiang-archive-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        setup_django(workdir, SANXIANG_EVIDENCE_MAX_BYTES=str(64 * 1024**3))
        from sanxiang.ledger import signing

        size = args.size_mib * MiB
        source = workdir / "video.mp4"
        make_file(source, size)
        user, case = make_case_with_video(source)
        pem = signing.public_key_pem(signing.public_key())
        rounds = []
        for number in range(1, args.rounds + 1):
            sha_wall, sha_cpu, _ = timed(["sha256sum", str(source)])
            copy = workdir / "copy.mp4"
            cp_wall, cp_cpu, _ = timed(["cp", str(source), str(copy)])
            copy.unlink()
            sm3_wall, _, _ = timed(["openssl", "dgst", "-sm3", str(source)])
            target = workdir / f"export-{number}.zip"
            ex = export(user, case, target)
            ve = verify(target, pem)
            row = {
                "round": number,
                "zip_mib": round(target.stat().st_size / MiB, 1),
                "sha256sum_s": round(sha_wall, 2),
                "sha256sum_mib_s": round(size / MiB / sha_wall, 1),
                "cp_s": round(cp_wall, 2),
                "cp_mib_s": round(size / MiB / cp_wall, 1),
                "openssl_sm3_s": round(sm3_wall, 2),
                "export_s": round(ex["wall"], 2),
                "export_stream_s": round(ex["stream_wall"], 2),
                "export_mib_s": round(size / MiB / ex["wall"], 1),
                "export_cpu_s": round(ex["cpu"], 2),
                "export_ratio_vs_sha256sum": round(sha_wall / ex["wall"], 2),
                "export_ratio_vs_cp": round(cp_wall / ex["wall"], 2),
                "export_peak_rss_increase_mb": round(ex["rss"] / 1e6, 1),
                "verify_s": round(ve["wall"], 2),
                "verify_mib_s": round(size / MiB / ve["wall"], 1),
                "verify_cpu_s": round(ve["cpu"], 2),
                "verify_ratio_vs_sha256sum": round(sha_wall / ve["wall"], 2),
                "verify_ratio_vs_cp": round(cp_wall / ve["wall"], 2),
                "verify_peak_rss_increase_mb": round(ve["rss"] / 1e6, 1),
            }
            target.unlink()
            rounds.append(row)
            print(json.dumps(row, ensure_ascii=False), flush=True)
        summary = {
            "size_mib": args.size_mib,
            "cpus": os.cpu_count(),
            "python": sys.version.split()[0],
            "loadavg_at_end": os.getloadavg(),
            "median_export_ratio_vs_sha256sum": statistics.median(
                r["export_ratio_vs_sha256sum"] for r in rounds
            ),
            "median_verify_ratio_vs_sha256sum": statistics.median(
                r["verify_ratio_vs_sha256sum"] for r in rounds
            ),
            "max_export_peak_rss_increase_mb": max(r["export_peak_rss_increase_mb"] for r in rounds),
            "max_verify_peak_rss_increase_mb": max(r["verify_peak_rss_increase_mb"] for r in rounds),
            "rounds": rounds,
        }
        print(json.dumps({k: v for k, v in summary.items() if k != "rounds"}, ensure_ascii=False, indent=2))
        OUT.mkdir(parents=True, exist_ok=True)
        (OUT / f"archive_{time.strftime('%Y%m%d-%H%M%S')}.json").write_text(
            json.dumps(summary, indent=2, ensure_ascii=False)
        )
    finally:
        if not args.keep and not args.workdir:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
