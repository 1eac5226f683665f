"""The big fuzz run (issue 10), outside the default test run: python tests/fuzz/run.py [N] [--seed S].

Evaluates N generated inputs (default 100,000; 60 % valid cases, 40 % malformed mutations of
them) and prints the inputs tried, the outcomes by kind, the crashes (any exception that is not
a documented GarantieError) and the invariant violations, with the seed of each to replay it:
python tests/fuzz/run.py --replay SEED. Exit status 1 when there is any crash or violation.
"""

from __future__ import annotations

import argparse
import collections
import random
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/, for fuzzgen
import fuzzgen


def _is_valid_draw(seed: int) -> bool:
    return random.Random(seed).random() < 0.6


def case_for(seed: int) -> object:
    rng = random.Random(seed)
    return fuzzgen.valid_case(rng) if rng.random() < 0.6 else fuzzgen.malformed_case(rng)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("n", nargs="?", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=20261202, help="first seed; input i uses seed + i")
    parser.add_argument("--replay", type=int, help="run one seed and show its outcome")
    args = parser.parse_args()
    sys.setrecursionlimit(1000)  # the default: deep inputs must not depend on a raised limit
    if args.replay is not None:
        print(repr(case_for(args.replay))[:2000])
        print(fuzzgen.run_one(case_for(args.replay)))
        return 0
    outcomes: collections.Counter[str] = collections.Counter()
    crashes: list[tuple[int, str]] = []
    violations: list[tuple[int, str]] = []
    times: list[float] = []
    started = time.perf_counter()
    for i in range(args.n):
        seed = args.seed + i
        case = case_for(seed)
        t = time.perf_counter()
        try:
            kind, broken, verdict = fuzzgen.evaluate_one(case)
        except Exception as exc:  # a crash: anything but a documented GarantieError
            kind, broken, verdict = f"CRASH {type(exc).__name__}", [], None
            crashes.append((seed, "".join(traceback.format_exception_only(exc)).strip()[:300]))
        times.append(time.perf_counter() - t)
        outcomes[kind] += 1
        if verdict is not None and any(r.status == "available" for r in verdict.remedies):
            outcomes["(verdicts with a remedy available)"] += 1
        violations += [(seed, text) for text in broken]
        if (i + 1) % 10_000 == 0:
            print(f"  {i + 1:,} inputs, {time.perf_counter() - started:.0f} s", flush=True)
    times.sort()
    print(f"inputs tried: {args.n:,} ({sum(1 for i in range(args.n) if _is_valid_draw(args.seed + i)):,} drawn "
          "as valid cases, the rest as malformed ones)")
    print(f"seeds {args.seed}..{args.seed + args.n - 1}, {time.perf_counter() - started:.0f} s")
    print("outcomes by kind: " + ", ".join(f"{kind} {count:,}" for kind, count in outcomes.most_common()))
    print(f"time per input: p50 {times[len(times) // 2] * 1000:.1f} ms, p99 {times[int(len(times) * 0.99)] * 1000:.1f} ms, "
          f"max {times[-1] * 1000:.0f} ms")
    print(f"crashes (unexpected exceptions): {len(crashes)}")
    for seed, text in crashes[:10]:
        print(f"  seed {seed}: {text}")
    print(f"invariant violations: {len(violations)}")
    for seed, text in violations[:10]:
        print(f"  seed {seed}: {text}")
    return 1 if crashes or violations else 0


if __name__ == "__main__":
    sys.exit(main())
