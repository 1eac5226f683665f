"""The generated engine's expressions: a rule language node (``_expr``) written as Python statements.

Values and conditions are emitted with Kleene three-valued logic and the compiled closures' short-circuits
in the same order (so the same parameters are read); ``_codegen`` assembles them into per-conclusion steps.
"""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

from garantie import _expr

__all__ = ["Expressions"]

_OPS = {"eq": "==", "ne": "!=", "lt": "<", "le": "<=", "gt": ">", "ge": ">="}
_SHIFT = {"days": "_add_days", "months": "_add_months", "years": "_add_years"}


class Expressions:
    """Emits the lines of one module: its constants, and the statements computing values and conditions."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.constants: dict[str, str] = {}  # source text -> global name
        self.counter = itertools.count()

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
            # An undetermined outcome of the generated engine carries its Unknown (_fastengine._outcome).
            out.append(f"{pad}{name} = {name}.value if {name}.determined else {name}._u")
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
