"""Scaling of evaluate() with the number of history events (issue 10, D7 and D8).

    .venv/bin/python bench/bench_events.py [--small 10000] [--large 100000] [--d8]

For each event mix, times one evaluation with --small and with --large events and prints the
ratio. Linear time gives a ratio near large/small (10 for the defaults); the quadratic D7 gave
about 110 (1.2 s against 134.6 s). The D8 mix (seller-imposed replacements dated before repair
claims) is only run with --d8: it is fixed by the renewal rewrite, and quadratic until then.
A benchmark, never a test: timings on a shared machine are not assertions.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from typing import Any

import garantie


def _base() -> dict[str, Any]:
    return {"purchase": {"contract_date": "2024-03-10", "delivery_date": "2024-03-12",
                         "seller": {"kind": "professional"}, "buyer": {"kind": "consumer"},
                         "product": {"condition": "new", "nature": "goods"}},
            "as_of": "2025-12-31"}


def unknown_fields(n: int) -> dict[str, Any]:
    """D7: claims and repair returns whose warranty is unknown, so each asks a question."""
    case = _base()
    case["history"] = [{"type": "claim", "date": "2024-05-01"}] * (n // 2) + \
                      [{"type": "repair_returned", "date": "2024-06-01"}] * (n - n // 2)
    return case


def known_fields(n: int) -> dict[str, Any]:
    """Every field known: claims and repair returns under the legal warranty."""
    case = _base()
    case["history"] = [{"type": "claim", "date": "2024-05-01", "remedy": "repair", "in_writing": True,
                        "warranty": "legal_conformity"}] * (n // 2) + \
                      [{"type": "repair_returned", "date": "2024-06-01", "warranty": "legal_conformity",
                        "defect_persists": False}] * (n - n // 2)
    return case


def replacements_before_claims(n: int) -> dict[str, Any]:
    """D8: seller-imposed replacements dated before repair claims."""
    case = _base()
    case["history"] = [{"type": "replacement_delivered", "date": "2024-04-01", "chosen_by": "seller",
                        "warranty": "legal_conformity", "defect_persists": False}] * (n // 2) + \
                      [{"type": "claim", "date": "2024-05-01", "remedy": "repair", "warranty": "legal_conformity"}
                       ] * (n - n // 2)
    return case


def timed(make: Callable[[int], dict[str, Any]], n: int) -> float:
    case = make(n)
    started = time.perf_counter()
    garantie.evaluate(case)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--large", type=int, default=100_000)
    parser.add_argument("--d8", action="store_true", help="also time the D8 mix")
    args = parser.parse_args()
    garantie.load_rules()  # not part of any timing
    mixes = [("unknown event fields (D7)", unknown_fields), ("all event fields known", known_fields)]
    if args.d8:
        mixes.append(("replacements before repair claims (D8)", replacements_before_claims))
    for label, make in mixes:
        small, large = timed(make, args.small), timed(make, args.large)
        print(f"{label}: {args.small:,} events {small:.2f} s, {args.large:,} events {large:.2f} s, "
              f"ratio {large / small:.1f} (linear: {args.large / args.small:.0f})")


if __name__ == "__main__":
    main()
