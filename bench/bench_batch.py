"""Batch benchmark: ``evaluate_many`` with 2 worker processes against 1, side by side on the same cases.

    .venv/bin/python bench/bench_batch.py [--cases 2000] [--workers 2]

Prints the cases/second of each run, their ratio, and the peak memory (RSS) of each worker process. Both runs
must write identical records (checked). The cases are the repository's case files, cycled, each with an
explicit as_of. Bounded: one pass over --cases cases per run.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from casefiles import load_cases  # noqa: E402

from garantie.batch import evaluate_many  # noqa: E402


def cases(count: int) -> list[str]:
    found = [c for c in load_cases() if c.error is None and c.known_bug is None]
    lines = []
    for index in range(count):
        case = found[index % len(found)]
        data = json.loads(json.dumps(case.input, default=str))
        data.setdefault("as_of", "2025-01-15")
        lines.append(json.dumps({"id": f"{index}:{case.id}", "case": data}))
    return lines


def rss_mib(pid: int, field: str) -> float:
    """A memory figure of a process (VmRSS now, VmHWM its peak), in MiB; 0 if it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (0 if it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def run(lines: list[str], workers: int) -> tuple[float, str, dict[int, float], float]:
    """Wall time, a digest of the records, each worker's peak RSS, and the CPU seconds the evaluation used."""
    peaks: dict[int, float] = {}
    cpu: dict[int, float] = {}

    def sample() -> None:  # read in this thread: a sampling thread would change how the pool starts workers
        for child in multiprocessing.active_children():
            if child.pid is not None:
                peaks[child.pid] = max(peaks.get(child.pid, 0.0), rss_mib(child.pid, "VmHWM"))
                cpu[child.pid] = max(cpu.get(child.pid, 0.0), cpu_seconds(child.pid))

    started, own = time.perf_counter(), time.process_time()
    with tempfile.TemporaryFile("w+b") as out:  # written as garantie batch writes its output
        for index, record in enumerate(evaluate_many(lines, workers=workers), start=1):
            out.write(record.raw + b"\n")
            if workers > 1 and (index % 50 == 0 or index == len(lines)):  # the last one before the pool stops
                sample()
        out.flush()
        elapsed = time.perf_counter() - started
        used = time.process_time() - own
        out.seek(0)
        hashed = hashlib.sha256()
        while block := out.read(1 << 20):
            hashed.update(block)
        digest = hashed.hexdigest()
    if workers > 1:
        print(f"  ({workers} workers: this process {used:.2f} CPU s, workers "
              f"{', '.join(f'{value:.2f}' for value in cpu.values())} CPU s)")
    return elapsed, digest, peaks, used + sum(cpu.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    lines = cases(args.cases)
    print(f"cores available: {len(os.sched_getaffinity(0))}; load average: {os.getloadavg()[0]:.2f}")
    one, one_digest, _, one_cpu = run(lines, 1)
    many, many_digest, peaks, many_cpu = run(lines, args.workers)
    assert one_digest == many_digest, "1 and N workers wrote different records"
    print(f"batch, 1 worker (in process): {len(lines)} cases in {one:.2f} s = {len(lines) / one:.0f} cases/s")
    print(f"batch, {args.workers} worker processes: {len(lines)} cases in {many:.2f} s = {len(lines) / many:.0f} "
          f"cases/s (identical records)")
    print(f"ratio {args.workers} workers / 1: {one / many:.2f}x (wall clock, on cores shared with whatever else runs)")
    print(f"CPU per case: 1 worker {one_cpu / len(lines) * 1000:.2f} ms, {args.workers} workers "
          f"{many_cpu / len(lines) * 1000:.2f} ms (all processes); on {args.workers} free cores that bounds the "
          f"ratio at {args.workers * one_cpu / many_cpu:.2f}x")
    shown = ", ".join(f"{peak:.0f} MiB" for peak in peaks.values()) or "not measured"
    print(f"peak memory per worker process: {shown}; this process: {rss_mib(os.getpid(), 'VmHWM'):.0f} MiB")


if __name__ == "__main__":
    main()
