"""The generated engine: the rule set compiled to Python source, one function per conclusion and segment.

:class:`~garantie._engine.Evaluation` interprets compiled closures and settles every conclusion with a
generic walk over its rule tree; it stays the reference. This module writes, for each stretch of contract
dates (a :class:`~garantie.ruleset.Segment`), a Python module whose function for a conclusion

* evaluates each rule's condition inline (Kleene three-valued logic, the same short-circuits in the same
  order, so the same parameters are recorded);
* when every condition came out a plain bool (the common case), runs the Catala default logic unrolled
  at generation time: exceptions first, then the rule, shared exceptions settled once, root conflicts;
* otherwise hands the evaluated conditions to the reference ``Evaluation._decide`` (unknowns, their
  missing facts and ``could_be``), so the two paths cannot drift apart.

Nothing here knows a rule id or a conclusion: the source is derived from the rule language's nodes
(``_expr``) only. ``tests/test_codegen.py`` checks that both engines give identical outcomes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from garantie import _dates, _expr
from garantie._engine import Evaluation, Outcome
from garantie._expr import Unknown, merge_unknown
from garantie._facts import build_facts
from garantie.case import Case
from garantie.errors import EvaluationError, GarantieError, RuleConflictError, short_repr
from garantie.ruleset import Rule, RuleSet, Segment

__all__ = ["FastEvaluation", "generate_source", "program"]

Step = Callable[[Evaluation, dict[str, Any], dict[str, Outcome]], Outcome]
_OPS = {"eq": "==", "ne": "!=", "lt": "<", "le": "<=", "gt": ">", "ge": ">="}
_SHIFT = {"days": "_add_days", "months": "_add_months", "years": "_add_years"}


class _Source:
    """Emits one module: constants, per-rule condition and value functions, per-conclusion steps."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.constants: dict[str, str] = {}  # source text -> global name
        self.counter = itertools.count()
        self.rule_names: dict[str, str] = {}  # rule id -> suffix of its c_/v_ functions
        self.values: dict[str, str] = {}  # rule id -> its value function
        self.possibles: dict[str, str] = {}  # rule id -> its possible() function

    def constant(self, text: str) -> str:
        name = self.constants.get(text)
        if name is None:
            name = self.constants[text] = f"K{len(self.constants)}"
        return name

    def literal(self, value: Any) -> str:
        if value is None or isinstance(value, bool | int | str):
            return repr(value)
        if isinstance(value, dt.date):
            return self.constant(f"_date({value.year}, {value.month}, {value.day})")
        if isinstance(value, Decimal):
            return self.constant(f"_Decimal({str(value)!r})")
        raise TypeError(f"no literal for {value!r}")

    def temp(self) -> str:
        return f"t{next(self.counter)}"

    @staticmethod
    def maybe_unknown(*names: str) -> str:
        """The test that one of ``names`` is unknown; literals and constants never are."""
        checks = [f"type({n}) is _U" for n in names if n.startswith("t")]
        return " or ".join(checks) or "False"

    # ------------------------------------------------------------ values: statements into `out`, returns a name
    def value(self, node: _expr.Node, out: list[str], pad: str) -> str:
        if isinstance(node, _expr.Literal):
            return self.literal(node.value)
        name = self.temp()
        if isinstance(node, _expr.Fact):
            out.append(f"{pad}{name} = F[{node.path!r}]")
        elif isinstance(node, _expr.Conclusion):
            out.append(f"{pad}{name} = O[{node.key!r}]")
            out.append(f"{pad}{name} = {name}.value if {name}.determined else _unknown({name}.missing)")
        elif isinstance(node, _expr.Param):
            if node.at is None:
                out.append(f"{pad}{name} = ev.param({node.name!r}, None)")
            else:
                at = self.value(node.at, out, pad)
                out.append(f"{pad}{name} = {at} if type({at}) is _U else ev.param({node.name!r}, {at})")
        elif isinstance(node, _expr.DatePlus):
            base, count = self.value(node.date, out, pad), self.value(node.amount, out, pad)
            out.append(f"{pad}{name} = (_m2({base}, {count}) if {self.maybe_unknown(base, count)} "
                       f"else {_SHIFT[node.unit]}({base}, int({count})))")
        elif isinstance(node, _expr.DaysBetween | _expr.MonthsBetween):
            first, last = self.value(node.start, out, pad), self.value(node.end, out, pad)
            measure = "_days_between" if isinstance(node, _expr.DaysBetween) else "_months_between"
            out.append(f"{pad}{name} = (_m2({first}, {last}) if type({first}) is _U or type({last}) is _U "
                       f"else {measure}({first}, {last}))")
        elif isinstance(node, _expr.NextWorkingDay):
            day = self.value(node.date, out, pad)
            out.append(f"{pad}{name} = {day} if type({day}) is _U else _next_working_day({day})")
        elif isinstance(node, _expr.Aggregate):
            items = ", ".join(self.value(item, out, pad) for item in node.items)
            out.append(f"{pad}{name} = ({items},)")
            out.append(f"{pad}{name} = (_merge({name}) if any(type(x) is _U for x in {name}) "
                       f"else {node.op}({name}))")
        else:
            raise TypeError(f"not a value node: {node!r}")
        return name

    # ------------------------------------------------------------ conditions
    def condition(self, node: _expr.Node, out: list[str], pad: str) -> str:
        if isinstance(node, _expr.All | _expr.Any_):
            helper = f"j{next(self.counter)}"
            self.junction(helper, node)
            name = self.temp()
            out.append(f"{pad}{name} = {helper}(ev, F, O)")
            return name
        name = self.temp()
        if isinstance(node, _expr.Not):
            inner = self.condition(node.item, out, pad)
            out.append(f"{pad}{name} = {inner} if type({inner}) is _U else not {inner}")
            return name
        if not isinstance(node, _expr.Test):
            raise TypeError(f"not a condition node: {node!r}")
        subject = self.value(node.subject, out, pad)
        op = _expr.COMPARATORS[node.comparator]
        if op == "known":
            wanted = bool(node.operand.value) if isinstance(node.operand, _expr.Literal) else True
            out.append(f"{pad}{name} = type({subject}) is {'not ' if wanted else ''}_U")
        elif op in ("in", "not_in"):
            members = node.operand if isinstance(node.operand, tuple) else ()
            inside = op == "in"
            if all(isinstance(m, _expr.Literal) for m in members):
                options = self.constant("frozenset((" + "".join(
                    self.literal(m.value) + ", " for m in members if isinstance(m, _expr.Literal)) + "))")
                out.append(f"{pad}{name} = {subject} if type({subject}) is _U else "
                           f"({inside} if {subject} in {options} else {not inside})")
            else:
                out.append(f"{pad}if type({subject}) is _U:")
                out.append(f"{pad}    {name} = {subject}")
                out.append(f"{pad}else:")
                inner = pad + "    "
                found = ", ".join(self.value(m, out, inner) for m in members)
                out.append(f"{inner}{name}_o = ({found},)")
                out.append(f"{inner}if {subject} in [o for o in {name}_o if type(o) is not _U]:")
                out.append(f"{inner}    {name} = {inside}")
                out.append(f"{inner}elif any(type(o) is _U for o in {name}_o):")
                out.append(f"{inner}    {name} = _merge({name}_o)")
                out.append(f"{inner}else:")
                out.append(f"{inner}    {name} = {not inside}")
        else:
            assert not isinstance(node.operand, tuple)
            other = self.value(node.operand, out, pad)
            out.append(f"{pad}{name} = (_m2({subject}, {other}) if {self.maybe_unknown(subject, other)} "
                       f"else {subject} {_OPS[op]} {other})")
        return name

    def junction(self, helper: str, node: _expr.All | _expr.Any_) -> None:
        """all/any as a function: it returns as soon as one part decides, like the compiled closure."""
        self.lines += [f"def {helper}(ev, F, O):", *self.junction_body(node, "    "), ""]

    def junction_body(self, node: _expr.All | _expr.Any_, pad: str) -> list[str]:
        """The statements of a junction, returning its value. One unknown part is returned as it is (the
        same missing facts as merging it alone); several are merged."""
        decisive = isinstance(node, _expr.Any_)
        body: list[str] = [f"{pad}u = None"]
        for item in node.items:
            part = self.condition(item, body, pad)
            body.append(f"{pad}if {part} is {decisive}:")
            body.append(f"{pad}    return {decisive}")
            body.append(f"{pad}if type({part}) is _U:")
            body.append(f"{pad}    u = {part} if u is None else (u + [{part}] if type(u) is list else [u, {part}])")
        body.append(f"{pad}return {not decisive} if u is None else (u if type(u) is _U else _merge(u))")
        return body

    def guarded(self, kind: str, rule: Rule, node: _expr.Node) -> str:
        """A rule's condition (c_) or value (v_) as a function naming the rule on an arithmetic failure."""
        function = f"{kind}_{self.values_name(rule)[2:]}"
        body: list[str] = []
        if kind == "c" and isinstance(node, _expr.All | _expr.Any_):
            body = self.junction_body(node, "        ")  # the rule's top junction inline: one call fewer
        else:
            result = self.condition(node, body, "        ") if kind == "c" else self.value(node, body, "        ")
            body.append(f"        return {result}")
        self.lines += [f"def {function}(ev, F, O):", "    try:", *body,
                       "    except (ArithmeticError, ValueError) as exc:",
                       f"        raise _fail(exc, {rule.id!r}, {rule.conclusion!r}) from exc", ""]
        return function

    # ------------------------------------------------------------ one conclusion
    def step(self, function: str, key: str, segment: Segment) -> None:
        rules = segment.rules[key]
        if not rules:
            self.lines += [f"def {function}(ev, F, O):", f"    return _Outcome({key!r}, determined=False)", ""]
            return
        conditions: dict[str, str] = {}
        body: list[str] = []
        for rule in rules:
            if rule.condition_node is None:
                conditions[rule.id] = "True"
            else:
                conditions[rule.id] = self.guarded("c", rule, rule.condition_node)
                body.append(f"    {conditions[rule.id]}_ = {conditions[rule.id]}(ev, F, O)")
                conditions[rule.id] += "_"
        variables = [name for name in conditions.values() if name != "True"]
        test = " and ".join(f"{name}.__class__ is bool" for name in variables) or "True"
        body.append(f"    if {test}:")
        for rule in rules:
            self.values[rule.id] = self.guarded("v", rule, rule.value_node)
        nothing = self.constant(f"_Outcome({key!r}, determined=False)")  # shared: outcomes are frozen
        if len(rules) == 1:  # one rule, no exception: its condition alone decides
            rule, condition = rules[0], conditions[rules[0].id]
            body += [f"        if not {condition}:", f"            return {nothing}",
                     f"        v = {self.values[rule.id]}(ev, F, O)",
                     "        if type(v) is _U:",
                     f"            return _outcome({key!r}, False, None, (), (), v.paths, None)",
                     f"        return _outcome({key!r}, True, v, (_R[{rule.id!r}],), (), _NOTHING, _NOTHING)"]
        else:
            if len(variables) == len(rules):  # commonest: no rule fires at all
                body.append(f"        if not ({' or '.join(variables)}):")
                body.append(f"            return {nothing}")
            fired, overridden = self.unrolled(key, segment, conditions, body)
            body.append(f"        if not ({fired}) and not ({overridden}):")
            body.append(f"            return {nothing}")
            body.append(f"        return _finish(ev, F, O, {key!r}, {fired}, {overridden})")
        fired, overridden, pending = self.kleene(key, segment, conditions, body)
        body.append(f"    return _finish3(ev, F, O, {key!r}, {fired}, {overridden}, {pending})")
        self.lines += [f"def {function}(ev, F, O):", *body, ""]

    def kleene(self, key: str, segment: Segment, conditions: dict[str, str],
               body: list[str]) -> tuple[str, str, str]:
        """``Evaluation._tree`` unrolled in post-order for three-valued conditions: each rule's fired and
        overridden tuples and its unknown; returns the fired and overridden tuples and the pending roots."""
        done: dict[str, tuple[str, str, str]] = {}
        pad = "    "

        def tree(rule: Rule) -> tuple[str, str, str]:
            if rule.id in done:
                return done[rule.id]
            below = [tree(exception) for exception in segment.below[rule.id]]
            me = f"_R[{rule.id!r}]"
            fires, lost, unknown = self.temp(), self.temp(), self.temp()
            condition = conditions[rule.id]
            body.append(f"{pad}{fires} = {' + '.join(f for f, _, _ in below) or '()'}")
            body.append(f"{pad}{lost} = {' + '.join(o for _, o, _ in below) or '()'}")
            body.append(f"{pad}{unknown} = None")
            for _, _, sub in below:
                body.append(f"{pad}if {sub} is not None:")
                body.append(f"{pad}    {unknown} = {sub} if {unknown} is None else _merge(({unknown}, {sub}))")
            body.append(f"{pad}if {fires}:")
            body.append(f"{pad}    if {condition} is True:")
            body.append(f"{pad}        {lost} = {lost} + ({me},)")
            body.append(f"{pad}    {unknown} = None")
            body.append(f"{pad}elif type({condition}) is _U:")
            body.append(f"{pad}    {unknown} = {condition} if {unknown} is None else _merge(({unknown}, {condition}))")
            same = self.same_values(rule, segment, conditions) if below else "False"
            body.append(f"{pad}elif {condition} is True and ({unknown} is None or {same}):")
            body.append(f"{pad}    {unknown} = None")
            body.append(f"{pad}    {fires} = ({me},)")
            done[rule.id] = (fires, lost, unknown)
            return done[rule.id]

        roots = [(root, tree(root)) for root in segment.roots[key]]
        pending = "".join(f"({u}, {self.possible(root, segment, conditions)}), " for root, (_, _, u) in roots)
        return (" + ".join(f for _, (f, _, _) in roots) or "()", " + ".join(o for _, (_, o, _) in roots) or "()",
                f"({pending})")

    def subtree(self, rule: Rule, segment: Segment) -> list[Rule]:
        """``rule``, the rules below it, and their exceptions: the conditions ``possible`` reads."""
        seen: dict[str, Rule] = {}
        stack = [rule]
        while stack:
            current = stack.pop()
            if current.id not in seen:
                seen[current.id] = current
                stack += segment.below[current.id]
        return list(seen.values())

    def possible(self, rule: Rule, segment: Segment, conditions: dict[str, str]) -> str:
        """A call-free reference to ``Evaluation._possible(rule)``: (function, its condition arguments)."""
        reads = self.subtree(rule, segment)
        args = "".join(f"{conditions[r.id]}, " for r in reads)
        known = self.possibles.get(rule.id)
        if known is not None:  # the same walk for the same rule: one function per module
            return f"({known}, ({args}))"
        params = {r.id: f"a{i}" for i, r in enumerate(reads)}
        function = self.possibles[rule.id] = f"p{next(self.counter)}"
        lines = [f"def {function}(ev, F, O, {', '.join(params.values())}):", "    found = set()"]
        stack, visited = [rule], set()  # the reference's walk, fixed at generation time
        while stack:
            current = stack.pop()
            if current.id in visited:
                continue  # a shared exception seen again adds the same value (values are pure)
            visited.add(current.id)
            below = segment.below[current.id]
            beaten = " or ".join(f"{params[e.id]} is True" for e in below) or "False"
            value = f"{self.values_name(current)}(ev, F, O)"
            lines += [f"    if {params[current.id]} is not False and not ({beaten}):",
                      f"        v = {value}",
                      "        if type(v) is _U:",
                      "            return None",
                      "        found.add(v)"]
            stack += below
        lines += ["    return found", ""]
        self.lines += lines
        return f"({function}, ({args}))"

    def same_values(self, rule: Rule, segment: Segment, conditions: dict[str, str]) -> str:
        """An expression for ``Evaluation._same_values(rule)``, evaluated only when reached."""
        function = f"q{next(self.counter)}"
        lines = [f"def {function}(ev, F, O):", f"    mine = {self.values_name(rule)}(ev, F, O)",
                 "    if type(mine) is _U:", "        return False"]
        arguments = [self.possible(exception, segment, conditions) for exception in segment.below[rule.id]]
        # The possible() calls need this step's condition values: pass them in.
        names = sorted({n for r in self.subtree(rule, segment) for n in [conditions[r.id]] if n != "True"})
        lines[0] = f"def {function}(ev, F, O, {', '.join(names)}):" if names else lines[0]
        for call in arguments:
            lines += [f"    function, args = {call}",
                      "    could = function(ev, F, O, *args)",
                      "    if could is None or could - {mine}:",
                      "        return False"]
        lines += ["    return True", ""]
        self.lines += lines
        return f"{function}(ev, F, O{''.join(', ' + n for n in names)})"

    def values_name(self, rule: Rule) -> str:
        suffix = self.rule_names.setdefault(rule.id, str(len(self.rule_names)))
        return f"v_{suffix}"

    def unrolled(self, key: str, segment: Segment, conditions: dict[str, str], body: list[str]) -> tuple[str, str]:
        """The bool-only default logic, unrolled in post-order; returns the fired and overridden tuples."""
        done: dict[str, tuple[str, str]] = {}
        pad = "        "

        def tree(rule: Rule) -> tuple[str, str]:
            if rule.id in done:
                return done[rule.id]  # a shared exception is settled once per conclusion
            below = [tree(exception) for exception in segment.below[rule.id]]
            me = f"_R[{rule.id!r}]"
            fires, lost = self.temp(), self.temp()
            condition = conditions[rule.id]
            if not below:
                body.append(f"{pad}{fires} = ({me},) if {condition} else ()")
                body.append(f"{pad}{lost} = ()")
            else:
                body.append(f"{pad}{fires} = {' + '.join(f for f, _ in below)}")
                body.append(f"{pad}{lost} = {' + '.join(o for _, o in below)}")
                body.append(f"{pad}if {fires}:")
                body.append(f"{pad}    if {condition}:")
                body.append(f"{pad}        {lost} = {lost} + ({me},)")
                body.append(f"{pad}elif {condition}:")
                body.append(f"{pad}    {fires} = ({me},)")
            done[rule.id] = (fires, lost)
            return fires, lost

        roots = [tree(root) for root in segment.roots[key]]
        if not roots:
            return "()", "()"
        return " + ".join(f for f, _ in roots), " + ".join(o for _, o in roots)


def generate_source(segment: Segment, order: tuple[str, ...]) -> str:
    """The Python source of one segment's program: ``STEPS`` lists (conclusion, step) in settling order."""
    source = _Source()
    steps = []
    for index, key in enumerate(order):
        function = f"s{index}"
        source.step(function, key, segment)
        steps.append(f"({key!r}, {function})")
    head = [f"{name} = {text}" for text, name in source.constants.items()]
    values = ", ".join(f"{rule_id!r}: {function}" for rule_id, function in source.values.items())
    return "\n".join([*head, "", *source.lines, "STEPS = (" + ", ".join(steps) + ",)", f"VALUES = {{{values}}}", ""])


_NOTHING: frozenset[Any] = frozenset()


def _outcome(key: str, determined: bool, value: Any, rules: tuple[Rule, ...], overridden: tuple[Rule, ...],
             missing: frozenset[str], possible: frozenset[Any] | None) -> Outcome:
    """An :class:`Outcome` without the frozen dataclass's ``__init__`` (seven ``object.__setattr__``)."""
    made = object.__new__(Outcome)
    made.__dict__.update(key=key, determined=determined, value=value, rules=rules, overridden=overridden,
                         missing=missing, possible=possible)
    return made


def _unknown(paths: frozenset[str]) -> Unknown:
    """``Unknown(paths)`` for paths that already are a frozenset (no copy)."""
    made = object.__new__(Unknown)
    made.paths = paths
    return made


def _m2(first: Any, second: Any) -> Unknown:
    """``merge_unknown((first, second))``; an unknown alone is returned as is (same missing facts)."""
    if type(second) is not Unknown:
        return first  # type: ignore[no-any-return]
    if type(first) is not Unknown:
        return second
    return merge_unknown((first, second))


def _fail(exc: BaseException, rule_id: str, conclusion: str) -> BaseException:
    if isinstance(exc, GarantieError):
        return exc
    return EvaluationError(f"{type(exc).__name__}: {short_repr(str(exc), 200)}", rule=rule_id, conclusion=conclusion)


def _finish(ev: Evaluation, facts: dict[str, Any], outcomes: dict[str, Outcome], key: str,
            fired: tuple[Rule, ...], overridden: tuple[Rule, ...]) -> Outcome:
    """The end of ``Evaluation._decide`` when no condition was unknown: values, conflicts, the outcome."""
    if len(fired) == 1 and not overridden:  # the commonest shape: one rule, nothing overridden
        rule = fired[0]
        value = ev.ruleset_values[rule.id](ev, facts, outcomes)  # type: ignore[attr-defined]
        if type(value) is Unknown:
            return _outcome(key, False, None, (), (), value.paths, None)
        return _outcome(key, True, value, fired, (), _NOTHING, _NOTHING)
    if len(fired) > 1:
        fired = tuple(dict.fromkeys(fired))
    if overridden:
        overridden = tuple(r for r in dict.fromkeys(overridden) if r not in fired)
    if not fired:
        return _outcome(key, False, None, (), overridden, _NOTHING, _NOTHING)
    values: list[tuple[Rule, Any]] = []
    unknowns: list[Unknown] = []
    compute = ev.ruleset_values  # type: ignore[attr-defined]
    for rule in fired:
        value = compute[rule.id](ev, facts, outcomes)
        if type(value) is Unknown:
            unknowns.append(value)
        else:
            values.append((rule, value))
    for (first, a), (second, b) in itertools.pairwise(values):
        if a != b:
            raise RuleConflictError(key, (first.id, a, ev._labels(first)), (second.id, b, ev._labels(second)))
    if unknowns or not values:
        return Outcome(key, determined=False, missing=merge_unknown(unknowns).paths, overridden=overridden,
                       possible=None if unknowns else frozenset(v for _, v in values))
    return Outcome(key, determined=True, value=values[0][1], rules=tuple(r for r, _ in values),
                   overridden=overridden)


def _finish3(ev: Evaluation, facts: dict[str, Any], outcomes: dict[str, Outcome], key: str,
             fired: tuple[Rule, ...], overridden: tuple[Rule, ...],
             pending: tuple[tuple[Unknown | None, tuple[Callable[..., set[Any] | None], tuple[Any, ...]]], ...],
             ) -> Outcome:
    """The end of ``Evaluation._decide``: values, conflicts, and the roots that might still fire."""
    if len(fired) > 1:
        fired = tuple(dict.fromkeys(fired))
    if overridden:
        overridden = tuple(r for r in dict.fromkeys(overridden) if r not in fired)
    values: list[tuple[Rule, Any]] = []
    unknowns: list[Unknown] = []
    possible: set[Any] | None = set()
    compute = ev.ruleset_values  # type: ignore[attr-defined]
    for rule in fired:
        value = compute[rule.id](ev, facts, outcomes)
        if type(value) is Unknown:
            unknowns.append(value)
            possible = None
        else:
            values.append((rule, value))
    for (first, a), (second, b) in itertools.pairwise(values):
        if a != b:
            raise RuleConflictError(key, (first.id, a, ev._labels(first)), (second.id, b, ev._labels(second)))
    if possible is not None:
        possible |= {value for _, value in values}
    for unknown, (function, args) in pending:
        if unknown is None:
            continue
        could = function(ev, facts, outcomes, *args)
        if not values or could is None or could - {values[0][1]}:
            unknowns.append(unknown)
            possible = None if could is None or possible is None else possible | could
    if unknowns or not values:
        missing = unknowns[0].paths if len(unknowns) == 1 else merge_unknown(unknowns).paths
        return _outcome(key, False, None, (), overridden, missing,
                        frozenset(possible) if possible is not None else None)
    return Outcome(key, determined=True, value=values[0][1], rules=tuple(r for r, _ in values),
                   overridden=overridden)


_NAMESPACE: dict[str, Any] = {
    "_U": Unknown, "_merge": merge_unknown, "_Outcome": Outcome, "_finish": _finish, "_finish3": _finish3,
    "_m2": _m2, "_unknown": _unknown, "_outcome": _outcome, "_NOTHING": _NOTHING, "_fail": _fail,
    "_date": dt.date, "_Decimal": Decimal, "_add_days": _dates.add_days, "_add_months": _dates.add_months,
    "_add_years": _dates.add_years, "_days_between": _dates.days_between, "_months_between": _dates.months_between,
    "_next_working_day": _dates.next_working_day,
}


class Program:
    """One segment's compiled steps, and every rule's generated value function."""

    def __init__(self, ruleset: RuleSet, code: Any) -> None:
        namespace = dict(_NAMESPACE, _R=ruleset.rules)
        exec(code, namespace)
        self.steps: tuple[tuple[str, Step], ...] = namespace["STEPS"]
        self.values: dict[str, Step] = namespace["VALUES"]


def source_key(source: str) -> str:
    return hashlib.sha256(source.encode()).hexdigest()


def program(ruleset: RuleSet, contract_date: dt.date) -> Program:
    """The generated program for contracts of that date: generated and compiled once per segment, shared."""
    index = ruleset.segment_index(contract_date)
    programs: dict[int, Program] = ruleset.__dict__.setdefault("_programs", {})
    found = programs.get(index)
    if found is None:
        segment = ruleset.segment(contract_date)
        code = None
        if ruleset.cache_key is not None:
            # The cached rule set's key covers the rules and these sources: the segment index names the source.
            from garantie import _rscache

            code = _rscache.load_code(ruleset.cache_key, f"segment-{index}")
            if code is None:
                code = compile(generate_source(segment, ruleset.order), f"<garantie segment {index}>", "exec")
                _rscache.store_code(ruleset.cache_key, f"segment-{index}", code)
        if code is None:
            source = generate_source(segment, ruleset.order)
            digest = source_key(source)  # rule sets with the same rules in a segment share its code
            code = ruleset.code_cache.get(digest)
            if code is None:
                code = ruleset.code_cache[digest] = compile(source, f"<garantie segment {index}>", "exec")
        found = programs[index] = Program(ruleset, code)  # a benign race: same value either way
    return found


class FastEvaluation(Evaluation):
    """An :class:`Evaluation` whose conclusions are settled by the generated program (same outcomes)."""

    def __init__(self, ruleset: RuleSet, case: Case) -> None:
        assert case.as_of is not None
        self.ruleset = ruleset
        self.case = case
        self.contract_date = case.purchase.contract_date
        self.params_used: dict[str, Any] = {}
        self.facts = build_facts(case, self.param)
        self.outcomes: dict[str, Outcome] = {}
        self._segment = ruleset.segment(self.contract_date)
        found = program(ruleset, self.contract_date)
        self.ruleset_values = found.values
        facts, outcomes = self.facts, self.outcomes
        for key, step in found.steps:
            outcomes[key] = step(self, facts, outcomes)

    def param(self, name: str, at: dt.date | None) -> Any:
        day = at or self.contract_date
        memo = self.ruleset.parameter_memo
        try:
            found = memo[name, day]
        except KeyError:
            if len(memo) > 100_000:
                memo.clear()  # bounded: event-dated look-ups may use many days
            found = memo[name, day] = self.ruleset.parameter_value(name, day)
        if found is None:
            return Unknown()
        self.params_used[name] = found
        return found.value
