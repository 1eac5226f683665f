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
(``_expr``) only. ``_fastengine`` runs it; ``tests/test_codegen.py`` checks that both engines give
identical outcomes.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from garantie import _expr
from garantie._engine import Evaluation, Outcome
from garantie.ruleset import Rule, Segment

__all__ = ["Step", "generate_source"]

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
        elif op == "includes":  # a set of tags holds one tag (the loader checks the subject is tags)
            tag = self.literal(node.operand.value if isinstance(node.operand, _expr.Literal) else None)
            out.append(f"{pad}{name} = {subject} if type({subject}) is _U else {tag} in {subject}")
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
