"""Benchmark: the annual report of a large college (issue 15, «Reports»).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python benchmarks/reports.py [--participants 30000] [--pairs 10000]

In a throwaway database (``benchmarks/throwaway.py``) it bulk-creates a
college of ``--participants`` people with ``--pairs`` pairs (the shape of
``benchmarks/documents.py`` (b) ten times over: 70 % of the pairs' count are
mentors, every fifth pair a group of two, statuses of a running year, 0–5
meetings per pair every two weeks), then builds the annual report through the
job's function ``reports.services.annual.build_report`` (indicator values
recorded, figures gathered, PDF with charts, XLSX, files stored) twice: the
first build of the process (imports matplotlib, loads fonts — once per
worker) and a rebuild, which is measured.

The measure: **milliseconds per page = wall-clock time of the whole warm
build ÷ the PDF's pages** (goal ≤ 250). Also printed: the process's CPU time
per page (what the build costs on an idle core; on a busy machine the wall
clock also counts the time other processes held the CPU), the peak resident
memory of the process during the build (sampled every 20 ms) above the
memory before it, the SQL queries of the build, and the time of each stage
(figures, PDF, XLSX) from the progress the job saves.
"""

import argparse
import os
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.throwaway import drop_database, setup_django  # noqa: E402

GOAL_MS_PER_PAGE = 250


def rss_mb() -> float:
    """The process's resident memory now, MB (Linux /proc)."""
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


class PeakRss:
    """Samples the resident memory every 20 ms while the block runs."""

    def __enter__(self):
        self.before = self.peak = rss_mb()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self):
        while not self._stop.wait(0.02):
            self.peak = max(self.peak, rss_mb())

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, rss_mb())


def college(participants: int, pairs_count: int):
    """The college, its pairs and meetings, and a Report row of the current year:
    (report, meetings written) — ``benchmarks.documents.report_college``."""
    from benchmarks.documents import report_college

    return report_college("big", participants, pairs_count)


def build(report) -> dict:
    """One build through ``build_report``: wall and CPU seconds, peak RSS, the
    queries and the seconds between the progress steps the job saved."""
    from django.db import connection
    from django.db.models.signals import post_save
    from django.test.utils import CaptureQueriesContext

    from reports.models import Report
    from reports.services.annual import build_report

    steps: list[tuple[int, float]] = []

    def progress(sender, instance, update_fields=None, **kwargs):
        if instance.pk == report.pk and update_fields and "progress" in update_fields:
            steps.append((instance.progress, time.perf_counter()))

    post_save.connect(progress, sender=Report, dispatch_uid="bench-progress")
    try:
        with PeakRss() as memory, CaptureQueriesContext(connection) as queries:
            started, cpu = time.perf_counter(), time.process_time()
            build_report(report)
            wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    finally:
        post_save.disconnect(sender=Report, dispatch_uid="bench-progress")
    stages = {f"{a}→{b}": t2 - t1 for (a, t1), (b, t2) in zip(steps, steps[1:])}
    return {"wall": wall, "cpu": cpu, "rss_before": memory.before, "rss_peak": memory.peak,
            "queries": len(queries), "stages": stages, "status": report.status, "error": report.error}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=30_000)
    parser.add_argument("--pairs", type=int, default=None, help="default: a third of --participants")
    args = parser.parse_args()
    pairs_count = args.pairs or args.participants // 3

    base_url = os.environ.get("DATABASE_URL", "")
    dropped = setup_django("bench_reports", language="ru")
    try:
        from django.db import connection

        vendor = connection.vendor
        started = time.perf_counter()
        report, meetings = college(args.participants, pairs_count)
        seeded = time.perf_counter() - started
        if vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        cold = build(report)
        warm = build(report)
        report.refresh_from_db()
        pages = report.pages
    finally:
        drop_database(dropped, base_url)

    print(f"database: {vendor}; {args.participants} participants, {pairs_count} pairs, {meetings} meetings "
          f"(seeded in {seeded:.0f} s); status {warm['status']} {warm['error']}")
    for label, run in (("first build in the process", cold), ("warm build (measured)", warm)):
        per_page, cpu_page = run["wall"] * 1000 / pages, run["cpu"] * 1000 / pages
        print(f"{label:27}: {run['wall']:7.1f} s wall, {run['cpu']:7.1f} s CPU, {pages} pages, "
              f"{per_page:6.1f} ms/page wall, {cpu_page:6.1f} ms/page CPU, peak RSS {run['rss_peak']:.0f} MB "
              f"(+{run['rss_peak'] - run['rss_before']:.0f} MB), {run['queries']} queries")
    print("warm build by stage (progress saved by the job): " + ", ".join(
        f"{name} {seconds:.1f} s" for name, seconds in warm["stages"].items()))
    per_page = warm["wall"] * 1000 / pages
    print(f"goal: ≤ {GOAL_MS_PER_PAGE} ms per page (wall clock of the warm build ÷ pages): "
          f"{per_page:.1f} ms — {'met' if per_page <= GOAL_MS_PER_PAGE else 'NOT met'}")


if __name__ == "__main__":
    main()
