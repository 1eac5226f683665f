"""Seller-policy check benchmark: the time bound for any input ``check_policy`` accepts.

    .venv/bin/python bench/bench_policy.py

Stated bound (2 cores shared, CPython 3.11): any text of at most ``MAX_CHARACTERS`` (1,000,000) characters
is checked in under 15 seconds, typically 1 to 3 seconds; anything longer, binary or empty is refused at once
with a ``PolicyInputError`` (the command line reads at most 4 MB of a file before refusing it). The run below
times realistic and adversarial texts of the maximum size and the refusal of a 10 MB text, and fails when the
bound is exceeded. It is a benchmark, not a unit test: timings depend on the machine.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from garantie.policy import MAX_CHARACTERS, PolicyInputError, check_policy

ROOT = Path(__file__).resolve().parents[1]
BOUND_SECONDS = 15.0


def inputs() -> dict[str, str]:
    policy = (ROOT / "tests" / "policies" / "marketplace_2024.txt").read_text(encoding="utf-8")
    size = MAX_CHARACTERS
    return {
        "realistic policy repeated": (policy * (size // len(policy) + 1))[:size],
        "one endless sentence": ("le vendeur choisit la réparation et les frais de retour " * 20_000)[:size],
        "one endless word": "é" * size,
        "a sentence per word": ("a. " * (size // 3 + 1))[:size],
        "many flagged sentences": ("Le vendeur choisit la réparation. " * (size // 34 + 1))[:size],
        "almost no letters": "x" + ("-- ; " * (size // 5 + 1))[:size - 1],
    }


def main() -> int:
    check_policy("Garantie : 1 an.", contract_date="2024-01-01")  # load the clause patterns once
    worst = 0.0
    for name, text in inputs().items():
        text = text[:MAX_CHARACTERS]
        start = time.perf_counter()
        report = check_policy(text, contract_date="2024-01-01")
        took = time.perf_counter() - start
        worst = max(worst, took)
        print(f"{name:28} {len(text):>9,} chars  {took:6.2f} s  {len(report.findings):>6} findings")
    start = time.perf_counter()
    try:
        check_policy("Garantie : 1 an. " * 600_000, contract_date="2024-01-01")
    except PolicyInputError as error:
        print(f"{'10 MB text':28} refused in {time.perf_counter() - start:.3f} s: {str(error)[:60]}…")
    else:
        print("10 MB text was not refused")
        return 1
    print(f"worst: {worst:.2f} s (bound {BOUND_SECONDS:.0f} s)")
    return 0 if worst < BOUND_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
