"""Engine benchmark: compiled closures vs. walking the same rule trees, side by side in one run.

    .venv/bin/python bench/bench_engine.py [--seconds 2]

Prints cases/second for each engine variant on the same cases, their ratio, the rule-set load time,
and the peak memory of one evaluation. Both variants must give identical verdicts (checked first),
so the interpreter doubles as a differential test of the compiler.
"""

from __future__ import annotations

import argparse
import copy
import dataclasses
import datetime as dt
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

import garantie
from garantie import _expr
from garantie._expr import Unknown, merge_unknown
from garantie._yaml import load_yaml
from garantie.backends._values import value_of
from garantie.ruleset import RuleSet, default_rules_dir

ROOT = Path(__file__).resolve().parents[1]


def interpret(node: _expr.Node, ctx: Any) -> Any:
    """Evaluate a node by walking it on every call (no compilation)."""
    if not isinstance(node, _expr.All | _expr.Any_ | _expr.Not | _expr.Test):
        return value_of(node, ctx)  # values: the durable backend's independent tree walker
    if isinstance(node, _expr.All | _expr.Any_):
        decisive = isinstance(node, _expr.Any_)
        results = [interpret(item, ctx) for item in node.items]
        if any(r is decisive for r in results):
            return decisive
        unknown = [r for r in results if isinstance(r, Unknown)]
        return merge_unknown(unknown) if unknown else not decisive
    if isinstance(node, _expr.Not):
        inner = interpret(node.item, ctx)
        return inner if isinstance(inner, Unknown) else not inner
    assert isinstance(node, _expr.Test)
    left = interpret(node.subject, ctx)
    op = _expr.COMPARATORS[node.comparator]
    if op == "known":
        assert isinstance(node.operand, _expr.Literal)
        return (not isinstance(left, Unknown)) is node.operand.value
    if op in ("in", "not_in"):
        if isinstance(left, Unknown):
            return left
        assert isinstance(node.operand, tuple)
        options = [interpret(o, ctx) for o in node.operand]
        if left in [o for o in options if not isinstance(o, Unknown)]:
            return op == "in"
        return merge_unknown(options) if any(isinstance(o, Unknown) for o in options) else op == "not_in"
    assert not isinstance(node.operand, tuple)
    right = interpret(node.operand, ctx)
    if isinstance(left, Unknown) or isinstance(right, Unknown):
        return merge_unknown((left, right))  # both sides' missing facts become questions
    return {"eq": left == right, "ne": left != right, "lt": left < right, "le": left <= right,
            "gt": left > right, "ge": left >= right}[op]


def interpreted(ruleset: RuleSet) -> RuleSet:
    """A copy of ``ruleset`` whose rules walk their trees instead of calling compiled closures."""
    clone = copy.copy(ruleset)
    clone.rules = {}
    for rule_id, rule in ruleset.rules.items():
        cond, value = rule.condition_node, rule.value_node
        clone.rules[rule_id] = dataclasses.replace(
            rule,
            condition=(lambda ctx, n=cond: interpret(n, ctx)) if cond is not None else None,
            value=lambda ctx, n=value: interpret(n, ctx))
    clone.by_conclusion = {k: tuple(clone.rules[r.id] for r in rs) for k, rs in ruleset.by_conclusion.items()}
    clone._segments = {}  # the original's cached segments hold its compiled rules
    return clone


def cases() -> list[dict[str, Any]]:
    found = [load_yaml(p, error=ValueError) for p in sorted((ROOT / "examples").glob("*.yaml"))]
    for path in sorted((ROOT / "tests" / "cases").glob("*.yaml")):
        found += [c["input"] for c in load_yaml(path, error=ValueError)["cases"] if "expect" in c]
    return found


def throughput(ruleset: RuleSet, inputs: list[dict[str, Any]], seconds: float) -> float:
    parsed = [garantie.parse_case(c, today=dt.date(2026, 11, 22)) for c in inputs]
    done, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for case in parsed:
            garantie.evaluate(case, rules=ruleset)
        done += len(parsed)
    return done / (time.perf_counter() - start)


def engine_throughput(ruleset: RuleSet, inputs: list[dict[str, Any]], seconds: float) -> float:
    """Cases/s of the rule engine alone (settling every conclusion), without assembling the verdict."""
    from garantie._engine import Evaluation

    parsed = [garantie.parse_case(c, today=dt.date(2026, 11, 22)) for c in inputs]
    done, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for case in parsed:
            Evaluation(ruleset, case)
        done += len(parsed)
    return done / (time.perf_counter() - start)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=2.0)
    args = parser.parse_args()
    start = time.perf_counter()
    compiled = RuleSet(default_rules_dir())
    load_s = time.perf_counter() - start
    walked = interpreted(compiled)
    inputs = cases()
    for case in inputs:  # both engines must agree before their speeds mean anything
        a = garantie.evaluate(case, rules=compiled, today=dt.date(2026, 11, 22))
        b = garantie.evaluate(case, rules=walked, today=dt.date(2026, 11, 22))
        if a != b:
            print("compiled and interpreted verdicts differ for", case, file=sys.stderr)
            return 1
    fast = throughput(compiled, inputs, args.seconds)
    slow = throughput(walked, inputs, args.seconds)
    engine_fast = engine_throughput(compiled, inputs, args.seconds)
    engine_slow = engine_throughput(walked, inputs, args.seconds)
    tracemalloc.start()
    garantie.evaluate(inputs[0], rules=compiled, today=dt.date(2026, 11, 22))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"cases: {len(inputs)}, rules: {len(compiled.rules)}")
    print(f"rule set load (parse, check, compile): {load_s * 1000:.0f} ms")
    print(f"engine only   — compiled closures: {engine_fast:7.0f} cases/s, tree walking: {engine_slow:7.0f} cases/s,"
          f" ratio {engine_fast / engine_slow:.2f}x")
    print(f"full verdict  — compiled closures: {fast:7.0f} cases/s, tree walking: {slow:7.0f} cases/s,"
          f" ratio {fast / slow:.2f}x")
    print(f"peak memory of one evaluation: {peak / 1024:.0f} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
