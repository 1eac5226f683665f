"""Issue 11 benchmarks, measured side by side in one run; prints one line per ratio.

    .venv/bin/python bench/bench_speed.py [--rounds 9] [--cold 10] [--nights 60]

* engine: the generated engine against the reference ``Evaluation``, rule evaluation only (facts prebuilt);
* verdict: ``evaluate()`` against the reference path (reference engine, validated models, eager texts),
  with p50/p99 latency of each;
* cold: import + first verdict as a whole process, against ``python -c`` importing pydantic and validating
  one small model (the floor), run alternately, medians;
* json: compact decision JSON of the example case against its full JSON (every sentence, as before);
* nightly: every case file re-judged over consecutive ``as_of`` days, skipping days before ``valid_until``;
  every skipped day is evaluated anyway to check that its decision is indeed unchanged.

The machine may be shared: variants alternate inside each round and ratios are medians of per-round ratios.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from casefiles import load_cases  # noqa: E402

import garantie  # noqa: E402
from garantie._engine import Evaluation  # noqa: E402
from garantie._evaluate import judge  # noqa: E402
from garantie._facts import build_facts  # noqa: E402
from garantie._fastengine import FastEvaluation, program  # noqa: E402
from garantie._yaml import load_case_yaml  # noqa: E402

TODAY = dt.date(2026, 11, 22)
EXAMPLE = ROOT / "examples" / "smartphone.yaml"


def inputs() -> list[dict[str, Any]]:
    return [c.input for c in load_cases() if c.expect is not None and c.known_bug is None]


def interleaved(variants: dict[str, Callable[[], None]], rounds: int) -> dict[str, list[float]]:
    """Seconds per run of each variant, variants alternating (rotated) inside each round."""
    times: dict[str, list[float]] = {name: [] for name in variants}
    names = list(variants)
    for index in range(rounds):
        for name in names[index % len(names):] + names[:index % len(names)]:
            gc.collect()
            started = time.perf_counter()
            variants[name]()
            times[name].append(time.perf_counter() - started)
    return times


def ratio(times: dict[str, list[float]], slow: str, fast: str) -> tuple[float, float, float]:
    ratios = sorted(s / f for s, f in zip(times[slow], times[fast], strict=True))
    return statistics.median(ratios), ratios[0], ratios[-1]


def bench_engine(rounds: int) -> str:
    rules = garantie.load_rules()
    cases = [garantie.parse_case(data, today=TODAY) for data in inputs()]
    prepared = [(case, build_facts(case)) for case in cases]

    def reference() -> None:
        for case, facts in prepared:
            ev = object.__new__(Evaluation)
            ev.ruleset, ev.case, ev.contract_date = rules, case, case.purchase.contract_date
            ev.params_used, ev.facts, ev.outcomes = {}, facts, {}
            ev._segment = rules.segment(ev.contract_date)
            for key in rules.order:
                ev.outcomes[key] = ev._settle(key)

    def generated() -> None:
        for case, facts in prepared:
            ev = object.__new__(FastEvaluation)
            ev.ruleset, ev.case, ev.contract_date = rules, case, case.purchase.contract_date
            ev.params_used, ev.facts, ev.outcomes = {}, facts, {}
            ev._segment = rules.segment(ev.contract_date)
            found = program(rules, ev.contract_date)
            ev.ruleset_values = found.values
            outcomes = ev.outcomes
            for key, step in found.steps:
                outcomes[key] = step(ev, facts, outcomes)

    generated()  # every segment generated (or read from the cache) before timing
    times = interleaved({"reference": reference, "generated": generated}, rounds)
    mid, low, high = ratio(times, "reference", "generated")
    per = {name: len(prepared) / statistics.median(t) for name, t in times.items()}
    return (f"engine (rule evaluation only, {len(prepared)} case files): reference {per['reference']:,.0f}/s, "
            f"generated {per['generated']:,.0f}/s, ratio {mid:.2f}x [{low:.2f}-{high:.2f}] (target >= 4x)")


def bench_verdict(rounds: int) -> str:
    rules = garantie.load_rules()
    data = inputs()
    parsed = [garantie.parse_case(d, today=TODAY) for d in data]
    latencies: dict[str, list[float]] = {"reference": [], "new": []}

    def run(name: str, call: Callable[[Any], Any]) -> Callable[[], None]:
        def go() -> None:
            for item in (data if name == "new" else parsed):
                started = time.perf_counter()
                call(item)
                latencies[name].append(time.perf_counter() - started)
        return go

    for case in parsed:  # every segment warmed, both paths
        judge(case, rules, reference=True)
        garantie.evaluate(case)
    times = interleaved({"reference": run("reference", lambda c: judge(c, rules, reference=True)),
                         "new": run("new", lambda d: garantie.evaluate(d, today=TODAY))}, rounds)
    mid, low, high = ratio(times, "reference", "new")

    def pct(name: str, q: float) -> float:
        values = sorted(latencies[name])
        return values[min(len(values) - 1, int(q * len(values)))] * 1e6

    per = {name: len(data) / statistics.median(t) for name, t in times.items()}
    return (f"verdict (full, {len(data)} case files): reference path {per['reference']:,.0f}/s "
            f"p50 {pct('reference', .5):,.0f} us p99 {pct('reference', .99):,.0f} us; new path "
            f"{per['new']:,.0f}/s p50 {pct('new', .5):,.0f} us p99 {pct('new', .99):,.0f} us; "
            f"ratio {mid:.2f}x [{low:.2f}-{high:.2f}] (target >= 3.5x)")


_FLOOR = ("from pydantic import BaseModel\n"
          "class M(BaseModel):\n    x: int\n"
          "M.model_validate({'x': 1})\n")
_FIRST = f"import garantie\ngarantie.evaluate({load_case_yaml(EXAMPLE)!r})\n"


def bench_cold(runs: int) -> str:
    def once(code: str) -> float:
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
        return time.perf_counter() - started

    # .pyc files exist, as after an install (pip compiles the package, and pydantic's were compiled so): the
    # import system does not write them itself when PYTHONDONTWRITEBYTECODE is set, as on this project's machines.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(Path(garantie.__file__).parent)], check=True,
                   stdout=subprocess.DEVNULL)
    for _ in range(2):  # warm-up: the rule-set cache exists, as after a first run
        once(_FIRST)
        once(_FLOOR)
    floor, first = [], []
    for index in range(runs):
        pair = [("floor", _FLOOR), ("first", _FIRST)][:: 1 if index % 2 == 0 else -1]
        for name, code in pair:
            (floor if name == "floor" else first).append(once(code))
    ratios = sorted(f / p for f, p in zip(first, floor, strict=True))
    return (f"cold (import + first verdict, whole process, {runs} alternating runs): floor (pydantic + 1 model) "
            f"{statistics.median(floor) * 1e3:.0f} ms, garantie {statistics.median(first) * 1e3:.0f} ms, "
            f"ratio {statistics.median(ratios):.2f}x [{ratios[0]:.2f}-{ratios[-1]:.2f}] (target <= 1.6x)")


def bench_json() -> str:
    verdict = garantie.evaluate(load_case_yaml(EXAMPLE))
    compact, full = verdict.model_dump_json(), verdict.model_dump_json(include_texts=True)
    sizes = [(len(garantie.evaluate(d, today=TODAY).model_dump_json()),
              len(garantie.evaluate(d, today=TODAY).model_dump_json(include_texts=True))) for d in inputs()]
    mean_c = statistics.mean(c for c, _ in sizes)
    mean_f = statistics.mean(f for _, f in sizes)
    return (f"json (example case {EXAMPLE.name}): compact {len(compact) / 1024:.1f} KB, full with texts "
            f"{len(full) / 1024:.1f} KB, ratio {len(full) / len(compact):.1f}x smaller; case files mean "
            f"{mean_c / 1024:.1f} KB vs {mean_f / 1024:.1f} KB ({mean_f / mean_c:.1f}x)")


def bench_nightly(nights: int) -> str:
    def decision(verdict: garantie.Verdict) -> Any:
        document = json.loads(verdict.model_dump_json())
        document.pop("as_of"), document.pop("valid_until")
        return document

    evaluated = skipped = wrong = 0
    for data in inputs():
        try:
            first = garantie.evaluate(data, today=TODAY)
        except garantie.GarantieError:
            continue
        start = first.as_of
        current, until = decision(first), first.valid_until
        evaluated += 1
        for night in range(1, nights):
            day = start + dt.timedelta(days=night)
            try:
                verdict = garantie.evaluate({**data, "as_of": day.isoformat()})
            except garantie.GarantieError:
                break  # past the calendar the inputs accept
            if (until is not None and day < until) or until is None:
                skipped += 1
                wrong += decision(verdict) != current  # the check: a skipped night must change nothing
            else:
                evaluated += 1
                current, until = decision(verdict), verdict.valid_until
    total = evaluated + skipped
    return (f"nightly ({len(inputs())} case files x {nights} days): {total} ticket-nights, {evaluated} evaluated, "
            f"{skipped} skipped thanks to valid_until ({skipped / total:.1%}), {wrong} skipped nights whose "
            "decision changed (must be 0)")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--cold", type=int, default=10)
    parser.add_argument("--nights", type=int, default=60)
    parser.add_argument("--only", nargs="*", default=["engine", "verdict", "cold", "json", "nightly"])
    args = parser.parse_args()
    runs: dict[str, Callable[[], str]] = {
        "engine": lambda: bench_engine(args.rounds), "verdict": lambda: bench_verdict(args.rounds),
        "cold": lambda: bench_cold(args.cold), "json": bench_json, "nightly": lambda: bench_nightly(args.nights)}
    for name in args.only:
        print(runs[name](), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
