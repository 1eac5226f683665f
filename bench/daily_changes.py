"""Why verdicts change from one day to the next: for every case file, evaluate day D and D + 1 and list the
JSON paths of the compact decision (the nightly benchmark's: compact JSON minus ``as_of``/``valid_until``)
that differ, then rank them by how many case files they move.

    .venv/bin/python bench/daily_changes.py [--days 1] [--show 3]

A path is shown with list indexes replaced by the rule id or step/basis/topic name the item carries, so
the same cause counts once across case files. ``--days N`` compares each D with D + N (the first evaluated
day is the one bench_speed's nightly run starts from).
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from casefiles import load_cases  # noqa: E402

import garantie  # noqa: E402

TODAY = dt.date(2026, 11, 22)
_NAMES = ("rule_id", "step", "basis", "topic", "remedy", "path", "code", "conclusion")


def decision(verdict: garantie.Verdict) -> Any:
    document = json.loads(verdict.model_dump_json())
    document.pop("as_of"), document.pop("valid_until")
    return document


def _label(item: Any, index: int) -> str:
    if isinstance(item, dict):
        for name in _NAMES:
            if isinstance(item.get(name), str):
                return f"[{item[name]}]"
    if isinstance(item, str):
        return f"[{item}]"
    return f"[{index}]"


def diff(a: Any, b: Any, path: str = "") -> list[str]:
    """The paths where ``a`` and ``b`` differ (lists matched by the name each item carries)."""
    if isinstance(a, dict) and isinstance(b, dict):
        return [p for key in sorted(set(a) | set(b)) for p in diff(a.get(key), b.get(key), f"{path}.{key}")]
    if isinstance(a, list) and isinstance(b, list):
        left = {_label(x, i): x for i, x in enumerate(a)}
        right = {_label(x, i): x for i, x in enumerate(b)}
        if len(left) != len(a) or len(right) != len(b):  # names not unique: compare by position
            left = {f"[{i}]": x for i, x in enumerate(a)}
            right = {f"[{i}]": x for i, x in enumerate(b)}
        return [p for key in list(dict.fromkeys([*left, *right]))
                for p in diff(left.get(key), right.get(key), f"{path}{key}")]
    return [] if a == b else [path or "."]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--days", type=int, default=1)
    parser.add_argument("--show", type=int, default=3, help="case files named per cause")
    args = parser.parse_args()
    cases = [c for c in load_cases() if c.expect is not None and c.known_bug is None]
    causes: dict[str, list[str]] = collections.defaultdict(list)
    moved = total = 0
    for case in cases:
        try:
            first = garantie.evaluate(case.input, today=TODAY)
            then = garantie.evaluate({**case.input, "as_of": (first.as_of + dt.timedelta(days=args.days)).isoformat()})
        except garantie.GarantieError:
            continue
        total += 1
        paths = diff(decision(first), decision(then))
        moved += bool(paths)
        for path in dict.fromkeys(paths):
            causes[path].append(case.id)
    print(f"{moved} of {total} case files have a different decision on D + {args.days}")
    for path, ids in sorted(causes.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        print(f"{len(ids):4d}  {path}   e.g. {', '.join(ids[:args.show])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
