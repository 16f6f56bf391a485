"""Benchmark of the document layer: one 评审表, and the 10,000-row 花名册.

    uv run python bench/bench_documents.py            # pins itself to one core
    uv run python bench/bench_documents.py --renders 200 --rows 20000

Targets (issue 6): ≤50 ms median per 评审表 including the photo, on one core; 花名册 of
10,000 applicants in <3 s and <100 MB peak. Each 评审表 render gets a different applicant
name and a different JPEG, so Typst's memoisation cannot replay a previous render.
The roster's time includes building the RosterRow objects (what a selector would do);
its memory is measured in a second, separate run because tracemalloc itself slows
Python down several-fold.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from zhicheng.documents import pdf, roster, samples  # noqa: E402


def pin_to_one_core() -> int | None:
    if hasattr(os, "sched_setaffinity"):
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
        return cpu
    return None


def bench_review_form(renders: int) -> dict[str, float]:
    # 2寸 at 300 dpi (413×579), the size the notices ask applicants to upload.
    photos = [samples.sample_photo(seed=i, width=413, height=579) for i in range(renders)]
    forms = [
        samples.sample_review_form(
            name=f"陈{chr(0x4E00 + 97 * i % 20000)}{chr(0x4E00 + 31 * i % 20000)}", photo=photos[i]
        )
        for i in range(renders)
    ]
    started = time.perf_counter()
    first = pdf.review_form_pdf(forms[0])  # font discovery and the Typst world are built here, once
    cold = time.perf_counter() - started

    timings, sizes = [], []
    for form in forms[1:]:
        t = time.perf_counter()
        out = pdf.review_form_pdf(form)
        timings.append(time.perf_counter() - t)
        sizes.append(len(out))
    a3 = []
    for form in forms[1:21]:
        t = time.perf_counter()
        pdf.review_form_pdf(form, layout="A3")
        a3.append(time.perf_counter() - t)
    # The largest photos the notices allow are ~1 MB; a 1000×1400 JPEG is the worst realistic case.
    big = []
    for i in range(1, 21):
        form = samples.sample_review_form(
            name=forms[i].applicant.name, photo=samples.sample_photo(seed=i, width=1000, height=1400)
        )
        t = time.perf_counter()
        pdf.review_form_pdf(form)
        big.append(time.perf_counter() - t)
    return {
        "big_photo_median_ms": statistics.median(big) * 1000,
        "cold_ms": cold * 1000,
        "median_ms": statistics.median(timings) * 1000,
        "p90_ms": statistics.quantiles(timings, n=10)[-1] * 1000,
        "min_ms": min(timings) * 1000,
        "a3_median_ms": statistics.median(a3) * 1000,
        "pdf_kb": statistics.median(sizes) / 1024,
        "photo_kb": statistics.median(len(p) for p in photos) / 1024,
        "renders": len(timings),
        "first_pdf_kb": len(first) / 1024,
    }


def peak_rss_mb() -> float:
    """This process's resident-memory high-water mark. /proc's VmHWM belongs to the current
    address space, so a spawned child does not inherit its parent's peak the way
    getrusage()'s ru_maxrss does."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench_roster(rows: int, out: Path) -> dict[str, float]:
    """Runs in a fresh process so its peak RSS is the roster's, not the 评审表 run's."""
    pin_to_one_core()
    rss_start = peak_rss_mb()
    t = time.perf_counter()
    written = roster.write_roster(
        samples.sample_roster_rows(rows), out, meta=samples.ROSTER_META, reveal_identifiers=True
    )
    elapsed = time.perf_counter() - t
    rss_after_time_run = peak_rss_mb()

    tracemalloc.start()
    roster.write_roster(
        samples.sample_roster_rows(rows), out, meta=samples.ROSTER_META, reveal_identifiers=True
    )
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "rows": written,
        "seconds": elapsed,
        "traced_peak_mb": peak / 1e6,
        "process_peak_rss_mb": rss_after_time_run,
        "process_start_rss_mb": rss_start,
        "file_mb": out.stat().st_size / 1e6,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--renders", type=int, default=101, help="评审表 renders (the first, cold one is reported apart)"
    )
    parser.add_argument("--rows", type=int, default=10_000, help="花名册 rows")
    parser.add_argument("--out", type=Path, default=ROOT / "var" / "bench" / "roster.xlsx")
    args = parser.parse_args()
    args.out.parent.mkdir(parents=True, exist_ok=True)

    cpu = pin_to_one_core()
    print(f"documents benchmark — one core (cpu {cpu}), Python {sys.version.split()[0]}")

    rf = bench_review_form(max(args.renders, 51))
    print(
        f"评审表 A4: median {rf['median_ms']:.1f} ms, p90 {rf['p90_ms']:.1f} ms, min {rf['min_ms']:.1f} ms "
        f"over {rf['renders']} renders (photo {rf['photo_kb']:.0f} KB, PDF {rf['pdf_kb']:.0f} KB); "
        f"first render {rf['cold_ms']:.0f} ms incl. font discovery"
    )
    print(f"评审表 A3 booklet: median {rf['a3_median_ms']:.1f} ms (A4 render + imposition)")
    print(f"评审表 A4 with a 1000×1400 (~260 KB) photo: median {rf['big_photo_median_ms']:.1f} ms")
    verdict = "OK" if rf["median_ms"] <= 50 else "OVER TARGET"
    print(f"  target ≤50 ms median: {verdict}")

    with multiprocessing.get_context("spawn").Pool(1) as pool:
        rs = pool.apply(bench_roster, (args.rows, args.out))
    print(
        f"花名册 {rs['rows']:,} rows: {rs['seconds']:.2f} s, traced Python peak {rs['traced_peak_mb']:.1f} MB, "
        f"process peak RSS {rs['process_peak_rss_mb']:.0f} MB (interpreter and imports alone "
        f"{rs['process_start_rss_mb']:.0f} MB), file {rs['file_mb']:.1f} MB"
    )
    ok = rs["seconds"] < 3 and rs["process_peak_rss_mb"] < 100
    print(f"  target <3 s and <100 MB: {'OK' if ok else 'OVER TARGET'}")


if __name__ == "__main__":
    main()
