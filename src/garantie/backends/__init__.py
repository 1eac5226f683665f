"""Second engines for the same rule files, imported only when ``evaluate(case, engine=...)`` asks for one."""

from __future__ import annotations

from collections.abc import Callable

from garantie._engine import Evaluation
from garantie.case import Case
from garantie.errors import EngineError
from garantie.ruleset import RuleSet
from garantie.verdict import Verdict

__all__ = ["ENGINES", "complete", "runner", "settle"]

# durable: the rule set compiled to durable-rules (extra garantie[durable], Python < 3.13), a cross-check
# of the default engine on cases whose facts are all known (docs/adr/0001-rule-engine.md).
ENGINES = ("default", "builtin", "durable")


def settle(engine: str, ruleset: RuleSet, case: Case) -> Evaluation:
    """Every conclusion of ``case`` settled by ``engine`` (an :class:`Evaluation` the verdict builder reads)."""
    if engine != "durable":
        raise EngineError(f"unknown engine {engine!r}; accepted: {', '.join(ENGINES)}")
    from garantie.backends import durable

    return durable.run(ruleset, case)


def complete(engine: str, found: Verdict) -> Verdict:
    """``found`` if it asks nothing; an engine that cannot carry unknown facts never answers otherwise."""
    missing = sorted({q.path for q in found.questions} | {q.path for b in found.bases for q in b.questions})
    if missing:
        raise EngineError(f"engine {engine!r} cannot carry unknown facts, and the rules need: {', '.join(missing)}; "
                          "give them, or use engine='default', which asks for them", missing)
    return found


def runner(engine: str) -> Callable[[RuleSet, Case], Evaluation]:
    """What settles a case's conclusions with ``engine``, for the shared evaluation (assumptions included);
    an unknown or unavailable engine raises :class:`EngineError` before anything is evaluated."""
    if engine not in ENGINES:
        raise EngineError(f"unknown engine {engine!r}; accepted: {', '.join(ENGINES)}")
    return lambda ruleset, case: settle(engine, ruleset, case)
