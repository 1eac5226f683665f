"""The generated engine: the rule set compiled to Python source, one function per conclusion and segment.

:class:`~garantie._engine.Evaluation` interprets compiled closures and settles every conclusion with a
generic walk over its rule tree; it stays the reference. This module writes, for each stretch of contract
dates (a :class:`~garantie.ruleset.Segment`), a Python module whose function for a conclusion

* evaluates each rule's condition inline (Kleene three-valued logic, the same short-circuits in the same
  order, so the same parameters are recorded);
* when every condition came out a plain bool (the common case), runs the Catala default logic unrolled
  at generation time: exceptions first, then the rule, shared exceptions settled once, root conflicts;
* a conclusion with a constant value (most statuses) returns an outcome made once per program;
* otherwise runs ``Evaluation._tree`` unrolled for three-valued conditions (missing facts as unions of
  path sets, ``could_be`` by the same walks), with a shortcut when no condition holds at all (nothing
  fires: no tree to walk); ``_fastengine._finish3`` ends it as ``Evaluation._decide`` does.

Nothing here knows a rule id or a conclusion: the source is derived from the rule language's nodes
(``_expr``, written as Python by ``_codegen_expr``) only. ``_fastengine`` runs it; ``tests/test_codegen.py``
checks that both engines give identical outcomes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from garantie import _expr
from garantie._codegen_expr import Expressions
from garantie._engine import Evaluation, Outcome
from garantie.ruleset import Rule, Segment

__all__ = ["Step", "generate_source"]

Step = Callable[[Evaluation, dict[str, Any], dict[str, Outcome]], Outcome]


class _Source(Expressions):
    """Emits one module: constants, per-rule condition and value functions, per-conclusion steps."""

    def __init__(self) -> None:
        super().__init__()
        self.rule_names: dict[str, str] = {}  # rule id -> suffix of its c_/v_ functions
        self.values: dict[str, str] = {}  # rule id -> its value function
        self.possibles: dict[str, str] = {}  # rule id -> its possible() function
        self.ones: dict[str, str] = {}  # rule id -> its shared outcome when it alone decides (constant value)

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
            nothing = self.constant(f"_outcome({key!r}, False, None, (), (), _NOTHING, _NOTHING)")
            self.lines += [f"def {function}(ev, F, O):", f"    return {nothing}", ""]
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
        # Shared: outcomes are frozen. Every outcome is made by _outcome (it carries the Unknown reads return).
        nothing = self.constant(f"_outcome({key!r}, False, None, (), (), _NOTHING, _NOTHING)")
        if len(rules) == 1:  # one rule, no exception: its condition alone decides
            rule, condition = rules[0], conditions[rules[0].id]
            body += [f"        if not {condition}:", f"            return {nothing}"]
            literal = self.literal_value(rule)
            if literal is not None:  # a constant conclusion: its outcome is made once per program
                body.append(f"        return {self.constant(self.determined(key, rule, literal))}")
            else:
                body += [f"        v = {self.values[rule.id]}(ev, F, O)",
                         "        if type(v) is _U:",
                         f"            return _outcome({key!r}, False, None, (), (), v.paths, None)",
                         f"        return _outcome({key!r}, True, v, (_R[{rule.id!r}],), (), _NOTHING, _NOTHING)"]
            if condition != "True":  # three-valued: the condition is unknown, the rule might fire
                body.append(f"    return _outcome({key!r}, False, None, (), (), {condition}.paths, "
                            f"{self.could_be_one(rule)})")
                self.lines += [f"def {function}(ev, F, O):", *body, ""]
                return
        else:
            if len(variables) == len(rules):  # commonest: no rule fires at all
                body.append(f"        if not ({' or '.join(variables)}):")
                body.append(f"            return {nothing}")
            fired, overridden = self.unrolled(key, segment, conditions, body)
            body.append(f"        if not ({fired}) and not ({overridden}):")
            body.append(f"            return {nothing}")
            body.append(f"        if len({fired}) == 1 and not ({overridden}):")  # one rule decides, as a rule
            body.append(f"            found = ONES.get(({fired})[0])")  # with a constant value: shared outcome
            body.append("            if found is not None:")
            body.append("                return found")
            for rule in rules:
                literal = self.literal_value(rule)
                if literal is not None:
                    self.ones[rule.id] = self.constant(self.determined(key, rule, literal))
            body.append(f"        return _finish(ev, F, O, {key!r}, {fired}, {overridden})")
            if len(variables) == len(rules):
                self.nothing_true(key, segment, conditions, body)
        fired, overridden, pending = self.kleene(key, segment, conditions, body)
        body.append(f"    return _finish3(ev, F, O, {key!r}, {fired}, {overridden}, {pending})")
        self.lines += [f"def {function}(ev, F, O):", *body, ""]

    def literal_value(self, rule: Rule) -> str | None:
        """The source of the rule's value when it is a constant (no fact, parameter or conclusion read)."""
        node = rule.value_node
        return self.literal(node.value) if isinstance(node, _expr.Literal) else None

    @staticmethod
    def determined(key: str, rule: Rule, literal: str) -> str:
        return f"_outcome({key!r}, True, {literal}, (_R[{rule.id!r}],), (), _NOTHING, _NOTHING)"

    def could_be_one(self, rule: Rule) -> str:
        """``Evaluation._possible`` of a lone rule whose condition is unknown: its value, None if unknown."""
        literal = self.literal_value(rule)
        if literal is not None:
            return self.constant(f"frozenset(({literal},))")
        return f"_could({self.values[rule.id]}(ev, F, O))"

    def nothing_true(self, key: str, segment: Segment, conditions: dict[str, str], body: list[str]) -> None:
        """The three-valued outcome when no condition holds (each is false or unknown), without the tree walk:
        nothing fires, so nothing is overridden and no unknown is cleared; the missing facts are every unknown
        condition's, and each root with an unknown below it adds what it could conclude (its ``possible``
        walk, in the reference's order, so the same parameters are read)."""
        body.append(f"    if {' and '.join(f'{c} is not True' for c in conditions.values())}:")
        body.append("        m = None")
        for condition in conditions.values():
            body.append(f"        if type({condition}) is _U:")
            body.append(f"            m = {condition}.paths if m is None else m | {condition}.paths")
        body.append("        could = set()")
        for root in segment.roots[key]:
            reads = [conditions[r.id] for r in self.subtree(root, segment)]
            function, args = self.possible_call(root, segment, conditions)
            body.append(f"        if {' or '.join(f'type({c}) is _U' for c in reads)}:")
            body.append(f"            c = {function}(ev, F, O, *{args})")
            body.append("            could = None if c is None or could is None else could | c")
        body.append(f"        return _outcome({key!r}, False, None, (), (), m, "
                    "None if could is None else frozenset(could))")

    def kleene(self, key: str, segment: Segment, conditions: dict[str, str],
               body: list[str]) -> tuple[str, str, str]:
        """``Evaluation._tree`` unrolled in post-order for three-valued conditions: each rule's fired and
        overridden tuples and its unknown (None, or the frozenset of its missing paths: unions, no ``Unknown``
        objects); returns the fired and overridden tuples and the pending roots."""
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
                body.append(f"{pad}    {unknown} = {sub} if {unknown} is None else {unknown} | {sub}")
            body.append(f"{pad}if {fires}:")
            body.append(f"{pad}    if {condition} is True:")
            body.append(f"{pad}        {lost} = {lost} + ({me},)")
            body.append(f"{pad}    {unknown} = None")
            body.append(f"{pad}elif type({condition}) is _U:")
            body.append(f"{pad}    {unknown} = ({condition}.paths if {unknown} is None "
                        f"else {unknown} | {condition}.paths)")
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
        function, args = self.possible_call(rule, segment, conditions)
        return f"({function}, {args})"

    def possible_call(self, rule: Rule, segment: Segment, conditions: dict[str, str]) -> tuple[str, str]:
        """The function walking ``Evaluation._possible(rule)``, and the tuple of condition values it reads."""
        reads = self.subtree(rule, segment)
        args = "(" + "".join(f"{conditions[r.id]}, " for r in reads) + ")"
        known = self.possibles.get(rule.id)
        if known is not None:  # the same walk for the same rule: one function per module
            return known, args
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
        return function, args

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
    ones = ", ".join(f"_R[{rule_id!r}]: {name}" for rule_id, name in source.ones.items())
    return "\n".join([*head, f"ONES = {{{ones}}}", "", *source.lines, "STEPS = (" + ", ".join(steps) + ",)",
                      f"VALUES = {{{values}}}", ""])
