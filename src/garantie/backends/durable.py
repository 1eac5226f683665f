"""The durable-rules backend: the same rule files, compiled to durable-rules and run by its Rete engine."""

from __future__ import annotations

import contextlib
import itertools
import sys
import threading
import weakref
from collections.abc import Callable
from typing import Any

from garantie._engine import Evaluation, Outcome
from garantie._expr import Unknown, merge_unknown
from garantie._facts import build_facts
from garantie.backends._patterns import Compiled, Stratum, compile_segment
from garantie.backends._values import blame, encode, value_of
from garantie.case import Case
from garantie.errors import EngineError, RuleConflictError
from garantie.ruleset import Rule, RuleSet, Segment

__all__ = ["MAX_LIVE_SESSIONS", "DurableEvaluation", "available", "run"]

# Evaluations are serialised (durable's host is not thread-safe), so one session is live at a time;
# durable crashes past 1,024 live sessions, and each session's state is deleted when its case is done.
MAX_LIVE_SESSIONS = 1


def available() -> str | None:
    """None when durable-rules can run here, else why not."""
    if sys.version_info >= (3, 13):
        return ("durable-rules 2.0.28 cannot run on Python 3.13 and later: its C extension calls C-API "
                "functions that Python 3.13 removed, and upstream is inactive; use engine='default'")
    try:
        import durable.engine  # noqa: F401
    except ImportError as exc:
        return (f"durable-rules is not installed ({exc}); install garantie[durable] (building it needs a "
                "C compiler) or use engine='default'")
    return None


def run(ruleset: RuleSet, case: Case) -> DurableEvaluation:
    """Settle every conclusion of ``case`` with durable-rules; raises EngineError where it cannot run."""
    why = available()
    if why is not None:
        raise EngineError(why)
    return _host().run(ruleset, case)


class DurableEvaluation(Evaluation):
    """An evaluation whose conclusions durable-rules settled; the verdict builder reads it like the default
    engine's (outcomes, facts, parameters used, and the lookups reasons' texts need)."""

    def __init__(self, ruleset: RuleSet, case: Case) -> None:  # settled by the host, stratum by stratum
        assert case.as_of is not None
        self.ruleset = ruleset
        self.case = case
        self.contract_date = case.purchase.contract_date
        self.params_used = {}
        self.facts = build_facts(case, self.param)
        self.outcomes = {}
        self._segment = ruleset.segment(self.contract_date)
        self._slots: dict[Any, Any] = {}

    def stratum_fact(self, stratum: Stratum) -> dict[str, Any]:
        """The values a stratum compares, computed now that the conclusions it reads are settled."""
        fact: dict[str, Any] = {"st": 2 * stratum.index}
        self._slots = {}
        for index, node in enumerate(stratum.slots):
            value = value_of(node, self)
            self._slots[node] = value
            known = not isinstance(value, Unknown)
            fact[f"v{index}"] = encode(value) if known else 0  # never read: the known flag guards it
            fact[f"k{index}"] = int(known)
        return fact

    @staticmethod
    def guard_fact(stratum: Stratum, hits: set[tuple[str, Rule]]) -> dict[str, Any]:
        """Each rule's condition as the condition phase found it, for the guards of the next phase."""
        true = {rule.id for kind, rule in hits if kind == "t"}
        false = {rule.id for kind, rule in hits if kind == "f"}
        fact: dict[str, Any] = {"st": 2 * stratum.index + 1}
        for j, rule in enumerate(stratum.rules):
            fact[f"c{j}"] = 1 if rule.id in true else 0 if rule.id in false else -1
        return fact

    # -- settling a stratum from what durable matched
    def settle(self, stratum: Stratum, hits: set[tuple[str, Rule]]) -> None:
        key = stratum.key
        rules = self._segment.rules[key]
        if not rules:
            self.outcomes[key] = Outcome(key, determined=False)
            return
        flags: dict[str, set[str]] = {kind: set() for kind in ("t", "f", "y", "n")}
        for kind, rule in hits:
            flags[kind].add(rule.id)
        order = _tree_order(self._segment, key)
        if all(r.id in flags["y"] or r.id in flags["n"] for r in rules):
            # The guards decided every rule: those that fire, and those overridden by a winning exception.
            fired = [r for r in order if r.id in flags["y"]]
            overridden = [r for r in order if r.id in flags["t"] and r.id in flags["n"]]
            self.outcomes[key] = self._conclude(key, fired, overridden, [])
            return
        _Open(self, flags).settle(key, order)

    def _conclude(self, key: str, fired: list[Rule], overridden: list[Rule],
                  pending: list[tuple[set[Any] | None, frozenset[str]]]) -> Outcome:
        values: list[tuple[Rule, Any]] = []
        unknown: list[Any] = []
        possible: set[Any] | None = set()
        for rule in fired:
            value = value_of(rule.value_node, self)
            if isinstance(value, Unknown):
                unknown.append(value)
                possible = None
            else:
                values.append((rule, value))
        for (first, a), (second, b) in itertools.pairwise(values):
            if a != b:
                raise RuleConflictError(key, (first.id, a, self._labels(first)), (second.id, b, self._labels(second)))
        if possible is not None:
            possible |= {value for _, value in values}
        for could, missing in pending:
            if not values or could is None or could - {values[0][1]}:
                unknown.append(Unknown(missing))
                possible = None if could is None or possible is None else possible | could
        if unknown or not values:
            return Outcome(key, determined=False, missing=merge_unknown(unknown).paths, overridden=tuple(overridden),
                           possible=frozenset(possible) if possible is not None else None)
        return Outcome(key, determined=True, value=values[0][1], rules=tuple(r for r, _ in values),
                       overridden=tuple(overridden))

    def read_slot(self, node: Any) -> Any:
        return self._slots[node] if node in self._slots else value_of(node, self)


class _Open:
    """A stratum where the guards left a rule open (a value it reads is unknown): Catala's default logic
    over durable's three-valued condition flags says what the conclusion is, or could still be."""

    def __init__(self, ev: DurableEvaluation, flags: dict[str, set[str]]) -> None:
        self.ev = ev
        self.flags = flags
        self.below = ev._segment.below
        self.trees: dict[str, tuple[list[Rule], frozenset[str] | None, list[Rule]]] = {}

    def condition(self, rule: Rule) -> bool | None:
        return True if rule.id in self.flags["t"] else False if rule.id in self.flags["f"] else None

    def settle(self, key: str, order: list[Rule]) -> None:
        fired: list[Rule] = []
        overridden: list[Rule] = []
        pending: list[tuple[set[Any] | None, frozenset[str]]] = []
        for root in self.ev._segment.roots[key]:
            fires, missing, over = self.tree(root)
            fired += fires
            overridden += over
            if missing is not None:
                pending.append((self.possible(root), missing))
        fired = [r for r in order if r in fired]
        overridden = [r for r in dict.fromkeys(overridden) if r not in fired]
        self.ev.outcomes[key] = self.ev._conclude(key, fired, overridden, pending)

    def tree(self, rule: Rule) -> tuple[list[Rule], frozenset[str] | None, list[Rule]]:
        """(rules that fire, missing facts if the tree is still open, overridden rules) for one rule."""
        if rule.id in self.trees:
            return self.trees[rule.id]
        fires: list[Rule] = []
        over: list[Rule] = []
        missing: frozenset[str] | None = None
        for exception in self.below[rule.id]:
            sub_fires, sub_missing, sub_over = self.tree(exception)
            fires += sub_fires
            over += sub_over
            if sub_missing is not None:
                missing = sub_missing | (missing or frozenset())
        holds = self.condition(rule)
        if fires:
            if holds is True:
                over.append(rule)
            missing = None  # an exception won: what is unknown below no longer matters
        elif holds is None:
            assert rule.condition_node is not None
            missing = blame(rule.condition_node, self.ev.read_slot)[1] | (missing or frozenset())
        elif holds and (missing is None or self.same_values(rule)):
            missing = None
            fires.append(rule)
        self.trees[rule.id] = (fires, missing, over)
        return self.trees[rule.id]

    def same_values(self, rule: Rule) -> bool:
        """Whether every exception that might still fire would conclude what ``rule`` concludes."""
        mine = value_of(rule.value_node, self.ev)
        if isinstance(mine, Unknown):
            return False
        for exception in self.below[rule.id]:
            could = self.possible(exception)
            if could is None or could - {mine}:
                return False
        return True

    def possible(self, rule: Rule) -> set[Any] | None:
        """What ``rule`` and its exceptions could conclude; None when one of those values is unknown."""
        found: set[Any] = set()
        stack = [rule]
        while stack:
            current = stack.pop()
            below = self.below[current.id]
            beaten = any(self.condition(e) is True for e in below)
            if self.condition(current) is not False and not beaten:
                value = value_of(current.value_node, self.ev)
                if isinstance(value, Unknown):
                    return None
                found.add(value)
            stack += below
        return found


def _tree_order(segment: Segment, key: str) -> list[Rule]:
    """A conclusion's rules root by root, each rule after its exceptions (the order reasons are listed in)."""
    seen: dict[Rule, None] = {}

    def visit(rule: Rule) -> None:
        for exception in segment.below[rule.id]:
            visit(exception)
        seen.setdefault(rule)

    for root in segment.roots[key]:
        visit(root)
    return list(seen)


# --------------------------------------------------------------------------- the durable host


class _Host:
    """One durable host for the process, without its polling threads, used under a lock."""

    def __init__(self) -> None:
        from durable import engine

        class QuietHost(engine.Host):  # type: ignore[misc]  # durable ships no type hints
            def _run(self) -> None:
                """No dispatch or timer threads: every call below is synchronous."""

        self._engine = engine
        self._durable = QuietHost()
        self._lock = threading.Lock()
        self._compiled: weakref.WeakKeyDictionary[RuleSet, dict[int, tuple[Segment, Compiled]]] = (
            weakref.WeakKeyDictionary())
        self.sessions = 0  # sessions opened so far; each one's id is its number
        self._hits: set[tuple[str, Rule]] = set()
        self.live = 0

    def compiled(self, ruleset: RuleSet, segment: Segment) -> Compiled:
        """The segment's durable ruleset, compiled and registered once per rule set."""
        cache = self._compiled.setdefault(ruleset, {})
        found = cache.get(id(segment))
        if found is None:
            compiled = compile_segment(segment, ruleset.order)
            definition = {name: {**rule, "run": self._action(compiled.meaning[name])}
                          for name, rule in compiled.definition.items()}
            self._durable.register_rulesets({compiled.name: definition})
            found = cache[id(segment)] = (segment, compiled)  # the segment is kept so its id stays unique
        return found[1]

    def _action(self, meaning: tuple[str, Rule]) -> Callable[[Any], None]:
        # An 'or' pattern runs its action once per true branch: a set keeps each match once.
        return lambda c: self._hits.add(meaning)

    def run(self, ruleset: RuleSet, case: Case) -> DurableEvaluation:
        with self._lock:
            evaluation = DurableEvaluation(ruleset, case)
            compiled = self.compiled(ruleset, evaluation._segment)
            sid = str(self.sessions)
            self.sessions += 1
            if self.live >= MAX_LIVE_SESSIONS:
                raise EngineError(f"more than {MAX_LIVE_SESSIONS} live durable session(s)")
            self.live += 1
            try:
                for stratum in compiled.strata:
                    self._hits = set()
                    self._assert(compiled, sid, evaluation.stratum_fact(stratum))
                    self._assert(compiled, sid, evaluation.guard_fact(stratum, self._hits))
                    evaluation.settle(stratum, self._hits)
            finally:
                self._hits = set()
                self.live -= 1
                # durable raises a bare Exception when the session holds no state
                with contextlib.suppress(Exception):
                    self._durable.delete_state(compiled.name, sid)
            return evaluation

    def _assert(self, compiled: Compiled, sid: str, fact: dict[str, Any]) -> None:
        fact["sid"] = sid
        # MessageNotHandled: no durable rule matched this fact (e.g. a conclusion without rules in this segment)
        with contextlib.suppress(self._engine.MessageNotHandledException):
            self._durable.assert_fact(compiled.name, fact)

    def sessions_with_state(self, ruleset: RuleSet, last: int = 1000) -> int:
        """How many of the ``last`` sessions still hold state in this rule set's durable rulesets (0 after
        every run: each session's state is deleted when its case is settled)."""
        count = 0
        for _, compiled in self._compiled.get(ruleset, {}).values():
            for sid in range(max(0, self.sessions - last), self.sessions):
                try:
                    self._durable.get_state(compiled.name, str(sid))
                    count += 1
                except Exception:  # "no such state" is a bare Exception
                    pass
        return count


_HOST: _Host | None = None
_HOST_LOCK = threading.Lock()


def _host() -> _Host:
    global _HOST
    with _HOST_LOCK:
        if _HOST is None:
            _HOST = _Host()
        return _HOST
