"""The condition and value language of rule files, parsed, type-checked and compiled.

A rule file never holds code. Its ``when`` is a *condition*, its ``conclude`` value an
*expression*; both are plain YAML mappings (grammar in ``docs/rule-format.md``).
They are parsed once into small frozen nodes, type-checked against the fact,
parameter and conclusion declarations, and compiled into Python closures.

Value operations: ``date_plus`` ({date, days|months|years}), ``days_between`` ({from, to},
calendar days, negative if ``to`` is earlier), ``months_between`` ({from, to}: whole calendar
months elapsed, same month arithmetic as ``date_plus``, 0 when ``to`` is not later),
``next_working_day`` (a date expression: that day, or the next day that is neither a
Saturday, a Sunday nor a French public holiday — only for deadlines the law extends that
way, e.g. the withdrawal period), and ``max``/``min``/``sum`` over lists.

Evaluation is three-valued (Kleene): a condition is ``True``, ``False`` or an
:class:`Unknown` that remembers which facts were missing, so that the verdict can
ask for them. ``all`` is false as soon as one part is false, whatever is unknown;
``any`` is true as soon as one part is true.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol

from garantie import _dates

__all__ = [
    "Compiled",
    "Unknown",
    "ValueType",
    "compile_condition",
    "compile_value",
    "parse_condition",
    "parse_value",
]


class Unknown:
    """A value that cannot be computed because facts are missing.

    ``paths`` names the missing facts (they become questions). An ``Unknown`` with no
    paths comes from an upstream conclusion that no rule settled.
    """

    __slots__ = ("paths",)

    def __init__(self, paths: Iterable[str] = ()) -> None:
        self.paths: frozenset[str] = frozenset(paths)

    def __repr__(self) -> str:
        return f"Unknown({sorted(self.paths)})"

    def __bool__(self) -> bool:  # guard against silently treating unknown as false
        raise TypeError("Unknown has no truth value; test with isinstance")


def merge_unknown(values: Iterable[Any]) -> Unknown:
    paths: set[str] = set()
    for value in values:
        if isinstance(value, Unknown):
            paths |= value.paths
    return Unknown(paths)


# --------------------------------------------------------------------------- types

@dataclass(frozen=True)
class ValueType:
    """The static type of an expression: date, number, bool, text or enum (with its values)."""

    kind: str
    values: frozenset[str] = frozenset()

    def describe(self) -> str:
        if self.kind == "enum":
            return "one of " + ", ".join(sorted(self.values))
        if self.kind == "tags":
            return "tags" + (" among " + ", ".join(sorted(self.values)) if self.values else "")
        return self.kind


DATE = ValueType("date")
NUMBER = ValueType("number")
BOOL = ValueType("bool")
TEXT = ValueType("text")


class Env(Protocol):
    """What the type checker needs to know about names (implemented by the rule set)."""

    def fact_type(self, path: str) -> ValueType | None: ...
    def param_type(self, name: str) -> ValueType | None: ...
    def conclusion_type(self, key: str) -> ValueType | None: ...


class ExprError(Exception):
    """A malformed expression; the loader adds the file, the rule and the key."""

    def __init__(self, message: str, key: str = "") -> None:
        super().__init__(message)
        self.key = key


# --------------------------------------------------------------------------- nodes

@dataclass(frozen=True)
class Literal:
    value: Any


@dataclass(frozen=True)
class Fact:
    path: str


@dataclass(frozen=True)
class Param:
    name: str
    at: Node | None = None  # for event-dated parameters: the date that selects the value


@dataclass(frozen=True)
class Conclusion:
    key: str


@dataclass(frozen=True)
class DatePlus:
    date: Node
    unit: str  # days | months | years
    amount: Node


@dataclass(frozen=True)
class DaysBetween:
    start: Node
    end: Node


@dataclass(frozen=True)
class MonthsBetween:
    start: Node
    end: Node


@dataclass(frozen=True)
class NextWorkingDay:
    date: Node


@dataclass(frozen=True)
class Aggregate:
    op: str  # max | min | sum
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Test:
    subject: Node
    comparator: str
    operand: Node | tuple[Node, ...]


@dataclass(frozen=True)
class All:
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Any_:
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    item: Node


Node = (Literal | Fact | Param | Conclusion | DatePlus | DaysBetween | MonthsBetween | NextWorkingDay
        | Aggregate | Test | All | Any_ | Not)

REFERENCE_KEYS = ("fact", "conclusion", "param")
COMPARATORS = {
    "is": "eq", "is_not": "ne", "in": "in", "not_in": "not_in",
    "before": "lt", "on_or_before": "le", "after": "gt", "on_or_after": "ge",
    "less_than": "lt", "at_most": "le", "more_than": "gt", "at_least": "ge",
    "known": "known", "includes": "includes",
}
ORDERED = {"before", "on_or_before", "after", "on_or_after", "less_than", "at_most", "more_than", "at_least"}


# --------------------------------------------------------------------------- parsing

def parse_value(raw: Any, key: str = "value") -> Node:
    """Parse a value expression: a literal, a reference or an operation."""
    if isinstance(raw, bool | int | str | dt.date):
        return Literal(raw)
    if isinstance(raw, float):
        return Literal(Decimal(str(raw)))
    if not isinstance(raw, Mapping):
        raise ExprError(f"expected a literal or a mapping, got {type(raw).__name__}", key)
    if "param" in raw:
        _only(raw, {"param", "at"}, key)
        at = parse_value(raw["at"], f"{key}.at") if "at" in raw else None
        return Param(_name(raw["param"], f"{key}.param"), at)
    if len(raw) != 1:
        raise ExprError(
            f"a value is one of {', '.join(_OPERATIONS)}; "
            f"got keys {sorted(raw)}", key)
    (op, arg), = raw.items()
    if op == "fact":
        return Fact(_name(arg, f"{key}.fact"))
    if op == "conclusion":
        return Conclusion(_name(arg, f"{key}.conclusion"))
    if op == "date_plus":
        if not isinstance(arg, Mapping):
            raise ExprError("date_plus takes a mapping {date: …, months|days|years: …}", f"{key}.date_plus")
        units = [unit for unit in ("days", "months", "years") if unit in arg]
        _only(arg, {"date", "days", "months", "years"}, f"{key}.date_plus")
        if "date" not in arg or len(units) != 1:
            raise ExprError("date_plus needs 'date' and exactly one of days, months, years", f"{key}.date_plus")
        unit = units[0]
        return DatePlus(parse_value(arg["date"], f"{key}.date_plus.date"), unit,
                        parse_value(arg[unit], f"{key}.date_plus.{unit}"))
    if op in ("days_between", "months_between"):
        if not isinstance(arg, Mapping) or set(arg) != {"from", "to"}:
            raise ExprError(f"{op} takes a mapping {{from: …, to: …}}", f"{key}.{op}")
        between = DaysBetween if op == "days_between" else MonthsBetween
        return between(parse_value(arg["from"], f"{key}.{op}.from"), parse_value(arg["to"], f"{key}.{op}.to"))
    if op == "next_working_day":
        return NextWorkingDay(parse_value(arg, f"{key}.next_working_day"))
    if op in ("max", "min", "sum"):
        if not isinstance(arg, list) or not arg:
            raise ExprError(f"{op} takes a non-empty list", f"{key}.{op}")
        return Aggregate(op, tuple(parse_value(item, f"{key}.{op}[{i}]") for i, item in enumerate(arg)))
    raise ExprError(f"unknown operation '{op}'; accepted: {', '.join(_OPERATIONS)}", key)


_OPERATIONS = ("fact", "conclusion", "param", "date_plus", "days_between", "months_between",
               "next_working_day", "max", "min", "sum")


def parse_condition(raw: Any, key: str = "when") -> Node:
    """Parse a condition: all / any / not, or a test (one subject and one comparator)."""
    if not isinstance(raw, Mapping):
        raise ExprError(f"a condition is a mapping, got {type(raw).__name__}", key)
    if set(raw) == {"all"} or set(raw) == {"any"}:
        (op, items), = raw.items()
        if not isinstance(items, list) or not items:
            raise ExprError(f"{op} takes a non-empty list of conditions", f"{key}.{op}")
        parsed = tuple(parse_condition(item, f"{key}.{op}[{i}]") for i, item in enumerate(items))
        return All(parsed) if op == "all" else Any_(parsed)
    if set(raw) == {"not"}:
        return Not(parse_condition(raw["not"], f"{key}.not"))
    subjects = [name for name in (*REFERENCE_KEYS, "value") if name in raw]
    comparators = [name for name in raw if name in COMPARATORS]
    extra = set(raw) - set(subjects) - set(comparators) - {"at"}
    if extra or len(subjects) != 1 or len(comparators) != 1:
        raise ExprError(
            "a test has exactly one subject (fact, conclusion, param or value) and one comparator "
            f"({', '.join(COMPARATORS)}); or use all, any, not. Got keys {sorted(raw)}", key)
    subject_key = subjects[0]
    if subject_key == "value":
        subject = parse_value(raw["value"], f"{key}.value")
    else:
        subject = parse_value({subject_key: raw[subject_key], **({"at": raw["at"]} if "at" in raw else {})}, key)
    comparator = comparators[0]
    operand_raw = raw[comparator]
    operand: Node | tuple[Node, ...]
    if comparator in ("in", "not_in"):
        if not isinstance(operand_raw, list) or not operand_raw:
            raise ExprError(f"'{comparator}' takes a non-empty list of values", f"{key}.{comparator}")
        operand = tuple(parse_value(item, f"{key}.{comparator}[{i}]") for i, item in enumerate(operand_raw))
    elif comparator == "includes":
        if not isinstance(operand_raw, str) or not operand_raw:
            raise ExprError("'includes' takes one tag, e.g. includes: registration_required", f"{key}.includes")
        operand = Literal(operand_raw)
    elif comparator == "known":
        if not isinstance(operand_raw, bool):
            raise ExprError("'known' takes true or false", f"{key}.known")
        operand = Literal(operand_raw)
    else:
        operand = parse_value(operand_raw, f"{key}.{comparator}")
    return Test(subject, comparator, operand)


def _only(raw: Mapping[str, Any], allowed: set[str], key: str) -> None:
    extra = set(raw) - allowed
    if extra:
        raise ExprError(f"unknown key(s) {sorted(extra)}; accepted: {sorted(allowed)}", key)


def _name(raw: Any, key: str) -> str:
    if not isinstance(raw, str) or not raw:
        raise ExprError("expected a dotted name", key)
    return raw


# --------------------------------------------------------------------------- references & types

def references(node: Node) -> Iterable[Fact | Param | Conclusion]:
    """Every fact, parameter and conclusion a node mentions, in order."""
    if isinstance(node, Fact | Conclusion):
        yield node
    elif isinstance(node, Param):
        yield node
        if node.at is not None:
            yield from references(node.at)
    elif isinstance(node, DatePlus):
        yield from references(node.date)
        yield from references(node.amount)
    elif isinstance(node, DaysBetween | MonthsBetween):
        yield from references(node.start)
        yield from references(node.end)
    elif isinstance(node, NextWorkingDay):
        yield from references(node.date)
    elif isinstance(node, Aggregate | All | Any_):
        for item in node.items:
            yield from references(item)
    elif isinstance(node, Not):
        yield from references(node.item)
    elif isinstance(node, Test):
        yield from references(node.subject)
        operands = node.operand if isinstance(node.operand, tuple) else (node.operand,)
        for operand in operands:
            yield from references(operand)


def type_of(node: Node, env: Env, key: str = "value") -> ValueType:
    """The static type of a value node; raises ExprError on a name or type mismatch."""
    if isinstance(node, Literal):
        value = node.value
        if isinstance(value, bool):
            return BOOL
        if isinstance(value, int | Decimal):
            return NUMBER
        if isinstance(value, dt.date):
            return DATE
        return TEXT
    if isinstance(node, Fact):
        found = env.fact_type(node.path)
        if found is None:
            raise ExprError(f"no fact '{node.path}' in the input models or derived facts "
                            "(docs/facts.md lists them)", key)
        return found
    if isinstance(node, Param):
        found = env.param_type(node.name)
        if found is None:
            raise ExprError(f"no parameter '{node.name}' is declared under rules/parameters", key)
        if node.at is not None:
            _expect(type_of(node.at, env, f"{key}.at"), DATE, f"{key}.at")
        return found
    if isinstance(node, Conclusion):
        found = env.conclusion_type(node.key)
        if found is None:
            raise ExprError(f"no conclusion '{node.key}' is declared in rules/conclusions.yaml", key)
        return found
    if isinstance(node, DatePlus):
        _expect(type_of(node.date, env, f"{key}.date"), DATE, f"{key}.date")
        _expect(type_of(node.amount, env, f"{key}.{node.unit}"), NUMBER, f"{key}.{node.unit}")
        return DATE
    if isinstance(node, DaysBetween | MonthsBetween):
        _expect(type_of(node.start, env, f"{key}.from"), DATE, f"{key}.from")
        _expect(type_of(node.end, env, f"{key}.to"), DATE, f"{key}.to")
        return NUMBER
    if isinstance(node, NextWorkingDay):
        _expect(type_of(node.date, env, f"{key}.next_working_day"), DATE, f"{key}.next_working_day")
        return DATE
    if isinstance(node, Aggregate):
        kinds = [type_of(item, env, f"{key}.{node.op}[{i}]") for i, item in enumerate(node.items)]
        wanted = NUMBER if node.op == "sum" else kinds[0]
        if wanted.kind not in ("number", "date"):
            raise ExprError(f"{node.op} works on numbers or dates, not {wanted.describe()}", key)
        for i, kind in enumerate(kinds):
            _expect(kind, wanted, f"{key}.{node.op}[{i}]")
        return wanted
    raise ExprError("a condition was used where a value is expected", key)


def check_condition(node: Node, env: Env, key: str = "when") -> None:
    """Type-check a condition node: names exist, comparisons compare like with like."""
    if isinstance(node, All | Any_):
        for i, item in enumerate(node.items):
            check_condition(item, env, f"{key}[{i}]")
        return
    if isinstance(node, Not):
        check_condition(node.item, env, f"{key}.not")
        return
    if not isinstance(node, Test):
        raise ExprError("expected a condition (all, any, not, or a test)", key)
    subject = type_of(node.subject, env, key)
    if node.comparator == "known":
        return
    if (node.comparator == "includes") != (subject.kind == "tags"):
        raise ExprError("'includes' tests a set of tags (and a set of tags is tested only with 'includes' or "
                        f"'known'); {_describe_subject(node.subject)} is {subject.describe()}", key)
    if node.comparator == "includes":
        tag = node.operand.value if isinstance(node.operand, Literal) else None
        if subject.values and tag not in subject.values:
            raise ExprError(f"'{tag}' is not a tag of {_describe_subject(node.subject)}; accepted: "
                            f"{', '.join(sorted(subject.values))}", f"{key}.includes")
        return
    operands = node.operand if isinstance(node.operand, tuple) else (node.operand,)
    for i, operand in enumerate(operands):
        where = f"{key}.{node.comparator}" + (f"[{i}]" if isinstance(node.operand, tuple) else "")
        other = type_of(operand, env, where)
        if subject.kind == "enum" and isinstance(operand, Literal):
            if operand.value not in subject.values:
                raise ExprError(f"'{operand.value}' is not a value of {_describe_subject(node.subject)}; "
                                f"accepted: {', '.join(sorted(subject.values))}", where)
            continue
        _expect(other, subject, where)
    if node.comparator in ORDERED and subject.kind not in ("date", "number"):
        raise ExprError(f"'{node.comparator}' compares dates or numbers, not {subject.describe()}", key)
    date_words = {"before", "on_or_before", "after", "on_or_after"}
    if node.comparator in date_words and subject.kind != "date":
        raise ExprError(f"'{node.comparator}' is for dates; for numbers use less_than, at_most, more_than, "
                        "at_least", key)
    if node.comparator in ORDERED - date_words and subject.kind != "number":
        raise ExprError(f"'{node.comparator}' is for numbers; for dates use before, on_or_before, after, "
                        "on_or_after", key)


def _describe_subject(node: Node) -> str:
    if isinstance(node, Fact):
        return f"fact {node.path}"
    if isinstance(node, Conclusion):
        return f"conclusion {node.key}"
    return "this value"


def _expect(found: ValueType, wanted: ValueType, key: str) -> None:
    if found.kind == wanted.kind and (found.kind != "enum" or found.values <= wanted.values
                                      or wanted.values <= found.values):
        return
    if found.kind == "text" and wanted.kind == "enum":
        return  # literal text checked against the enum's values by the caller
    raise ExprError(f"type mismatch: expected {wanted.describe()}, found {found.describe()}", key)


# --------------------------------------------------------------------------- compilation

class Context(Protocol):
    """What compiled closures read at evaluation time (implemented by the engine)."""

    def fact(self, path: str) -> Any: ...
    def param(self, name: str, at: dt.date | None) -> Any: ...
    def conclusion(self, key: str) -> Any: ...


Compiled = Callable[[Context], Any]


def compile_value(node: Node) -> Compiled:
    """Compile a value node into a closure returning a value or an :class:`Unknown`."""
    if isinstance(node, Literal):
        constant = node.value
        return lambda ctx: constant
    if isinstance(node, Fact):
        path = node.path
        return lambda ctx: ctx.fact(path)
    if isinstance(node, Conclusion):
        key = node.key
        return lambda ctx: ctx.conclusion(key)
    if isinstance(node, Param):
        name = node.name
        if node.at is None:
            return lambda ctx: ctx.param(name, None)
        at = compile_value(node.at)

        def param_at(ctx: Context) -> Any:
            when = at(ctx)
            return when if isinstance(when, Unknown) else ctx.param(name, when)
        return param_at
    if isinstance(node, DatePlus):
        start, amount = compile_value(node.date), compile_value(node.amount)
        shift: Callable[[dt.date, int], dt.date] = {
            "days": _dates.add_days, "months": _dates.add_months, "years": _dates.add_years}[node.unit]

        def date_plus(ctx: Context) -> Any:
            base, count = start(ctx), amount(ctx)
            if isinstance(base, Unknown) or isinstance(count, Unknown):
                return merge_unknown((base, count))
            return shift(base, int(count))
        return date_plus
    if isinstance(node, DaysBetween | MonthsBetween):
        first, last = compile_value(node.start), compile_value(node.end)
        measure: Callable[[dt.date, dt.date], int] = (
            _dates.days_between if isinstance(node, DaysBetween) else _dates.months_between)

        def between(ctx: Context) -> Any:
            a, b = first(ctx), last(ctx)
            if isinstance(a, Unknown) or isinstance(b, Unknown):
                return merge_unknown((a, b))
            return measure(a, b)
        return between
    if isinstance(node, NextWorkingDay):
        day = compile_value(node.date)

        def working_day(ctx: Context) -> Any:
            value = day(ctx)
            return value if isinstance(value, Unknown) else _dates.next_working_day(value)
        return working_day
    if isinstance(node, Aggregate):
        parts = [compile_value(item) for item in node.items]
        reduce = _REDUCERS[node.op]

        def aggregate(ctx: Context) -> Any:
            values = [part(ctx) for part in parts]
            if any(isinstance(value, Unknown) for value in values):
                return merge_unknown(values)
            return reduce(values)
        return aggregate
    raise TypeError(f"not a value node: {node!r}")


_REDUCERS: dict[str, Callable[[list[Any]], Any]] = {
    "max": lambda values: max(values), "min": lambda values: min(values), "sum": lambda values: sum(values),
}
_ORDER_OPS: dict[str, Callable[[Any, Any], bool]] = {
    "eq": lambda a, b: bool(a == b), "ne": lambda a, b: bool(a != b),
    "lt": lambda a, b: bool(a < b), "le": lambda a, b: bool(a <= b),
    "gt": lambda a, b: bool(a > b), "ge": lambda a, b: bool(a >= b),
}


def compile_condition(node: Node) -> Compiled:
    """Compile a condition into a closure returning ``True``, ``False`` or an :class:`Unknown`."""
    if isinstance(node, All | Any_):
        parts = [compile_condition(item) for item in node.items]
        decisive = isinstance(node, Any_)  # the value that settles the whole: True for any, False for all

        def junction(ctx: Context) -> Any:
            unknown: list[Unknown] = []
            for part in parts:
                result = part(ctx)
                if isinstance(result, Unknown):
                    unknown.append(result)
                elif result is decisive:
                    return decisive
            return merge_unknown(unknown) if unknown else not decisive
        return junction
    if isinstance(node, Not):
        inner = compile_condition(node.item)

        def negate(ctx: Context) -> Any:
            result = inner(ctx)
            return result if isinstance(result, Unknown) else not result
        return negate
    if not isinstance(node, Test):
        raise TypeError(f"not a condition node: {node!r}")
    subject = compile_value(node.subject)
    op = COMPARATORS[node.comparator]
    if op == "known":
        wanted = bool(node.operand.value) if isinstance(node.operand, Literal) else True

        def known(ctx: Context) -> Any:
            return (not isinstance(subject(ctx), Unknown)) is wanted
        return known
    if op == "includes":
        tag = node.operand.value if isinstance(node.operand, Literal) else None

        def includes(ctx: Context) -> Any:
            value = subject(ctx)
            return value if isinstance(value, Unknown) else tag in value
        return includes
    if op in ("in", "not_in"):
        members = [compile_value(item) for item in node.operand] if isinstance(node.operand, tuple) else []
        inside = op == "in"

        def membership(ctx: Context) -> Any:
            value = subject(ctx)
            if isinstance(value, Unknown):
                return value
            options = [member(ctx) for member in members]
            if value in [o for o in options if not isinstance(o, Unknown)]:
                return inside
            if any(isinstance(o, Unknown) for o in options):
                return merge_unknown(options)
            return not inside
        return membership
    assert not isinstance(node.operand, tuple)
    operand = compile_value(node.operand)
    compare = _ORDER_OPS[op]

    def test(ctx: Context) -> Any:
        left, right = subject(ctx), operand(ctx)
        if isinstance(left, Unknown) or isinstance(right, Unknown):
            return merge_unknown((left, right))
        return compare(left, right)
    return test
