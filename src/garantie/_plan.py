"""The verdict's assembly plan, made once per rule set, and output models built without re-validation.

Assembling a verdict used to re-derive, for every case, things that only depend on the rule set: which
section a conclusion belongs to and in what order reasons are read, which basis status makes a rule moot,
which citations of a rule govern a contract date. The :class:`Plan` fixes them once.

The engine's results are already checked (the loader type-checks every rule and conclusion), so the
output models are built by :func:`construct` — the fields set directly, as Pydantic's validation would
leave them — rather than validated again. ``tests/test_plan.py`` compares ``construct`` with validated
construction for every output model type, and every model of every case-file verdict with its
re-validation.

Adding a section to the verdict (a new basis, topic or field fed by conclusions) needs one declaration:
its prefix in ``_layout.BASES`` or ``_layout.TOPICS`` (or a field filled in ``_evaluate._Builder.verdict``);
the plan derives its keys, order and reasons from the prefixes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any, Protocol, TypeVar

from pydantic import BaseModel

from garantie import _text
from garantie.ruleset import Citation, Rule, RuleSet

__all__ = ["Maker", "Plan", "construct", "plan", "validated"]

_M = TypeVar("_M", bound=BaseModel)
_R = TypeVar("_R")


class Maker(Protocol):
    """How the builder makes an output model: :func:`construct` or :func:`validated`."""

    def __call__(self, cls: type[_M], /, **values: Any) -> _M: ...


def validated(cls: type[_M], /, **values: Any) -> _M:
    """``cls(**values)``, validated: the reference path and the check of :func:`construct`."""
    return cls(**values)


def construct(cls: type[_M], /, **values: Any) -> _M:
    """``cls(**values)`` without validation, for values already of the field types.

    Unlike ``model_construct`` (slower than validation: it walks aliases in Python), this sets the
    instance's ``__dict__`` in field order with the defaults filled in, and the same ``fields_set`` as a
    validated instance. Only for output models with no validators that change values.
    """
    made = cls.__new__(cls)
    fields = cls.__pydantic_fields__
    if len(values) == len(fields):
        data = {name: values[name] for name in fields}
    else:
        data = {name: values[name] if name in values else field.get_default(call_default_factory=True)
                for name, field in fields.items()}
    object.__setattr__(made, "__dict__", data)
    object.__setattr__(made, "__pydantic_fields_set__", set(values))
    object.__setattr__(made, "__pydantic_extra__", None)
    object.__setattr__(made, "__pydantic_private__", None)
    return made


class Plan:
    """What the verdict's assembly reads from the rule set, computed once."""

    def __init__(self, ruleset: RuleSet, sections: Sequence[str], moot_prefixes: Sequence[str]) -> None:
        rank = {key: index for index, key in enumerate(ruleset.conclusions)}  # declaration order

        def section(key: str) -> int:
            return next((i for i, p in enumerate(sections) if key.startswith(p)), len(sections))

        # Reasons read in the verdict's order: by section, then in the order the rule files declare them.
        self.reason_order: tuple[str, ...] = tuple(sorted(ruleset.order, key=lambda k: (section(k), rank[k])))
        self._prefix_keys: dict[str, tuple[str, ...]] = {}
        self._statuses: dict[str, tuple[str, ...]] = {}
        self._key_sets: dict[str, frozenset[str]] = {}
        self._order = ruleset.order
        # For each conclusion, the basis status that makes its rules moot when it does not apply.
        self.moot_status: dict[str, str] = {}
        for key in ruleset.order:
            for prefix in moot_prefixes:
                if key.startswith(prefix + "."):
                    self.moot_status[key] = "glc.status" if prefix == "remedy" else f"{prefix}.status"
                    break
        self._citations: dict[tuple[str, dt.date], tuple[Citation, ...]] = {}
        self._refs: dict[tuple[str, dt.date], tuple[Any, ...]] = {}
        self._ruleset = ruleset
        # Frozen output models that depend on the rule set only (trace steps by rule, value and kind), shared
        # by every verdict the planned builder makes.
        self.trace_steps: dict[tuple[Any, ...], Any] = {}
        # Reasons whose sentences have no placeholder, by everything else they hold (see static_texts).
        self.reasons: dict[tuple[Any, ...], tuple[Any, Any]] = {}
        self._static: dict[str, dict[str, str] | None] = {}

    def keys(self, prefix: str) -> tuple[str, ...]:
        """The conclusions under ``prefix`` (``prefix.``…), in settling order."""
        found = self._prefix_keys.get(prefix)
        if found is None:
            found = self._prefix_keys[prefix] = tuple(k for k in self._order if k.startswith(prefix + "."))
        return found

    def key_set(self, prefix: str) -> frozenset[str]:
        """``keys(prefix)`` as a set (memoised)."""
        found = self._key_sets.get(prefix)
        if found is None:
            found = self._key_sets[prefix] = frozenset(self.keys(prefix))
        return found

    def statuses(self, prefix: str) -> tuple[str, ...]:
        """The ``prefix.<name>.status`` conclusions, in the order the rule files declare them."""
        found = self._statuses.get(prefix)
        if found is None:
            found = self._statuses[prefix] = tuple(k for k in self._ruleset.conclusions
                                                   if k.startswith(prefix + ".") and k.endswith(".status"))
        return found

    def citations(self, rule: Rule, contract_date: dt.date) -> tuple[Citation, ...]:
        """The rule's citations that govern that contract date (memoised; bounded)."""
        key = (rule.id, contract_date)
        found = self._citations.get(key)
        if found is None:
            if len(self._citations) > 200_000:
                self._citations.clear()
            found = self._citations[key] = tuple(self._ruleset.citations_for(rule, contract_date))
        return found

    def static_texts(self, rule: Rule) -> dict[str, str] | None:
        """The rule's FR/EN sentences when they quote nothing of the case (filled, they read as written)."""
        if rule.id not in self._static:
            fr, en = rule.explain.fr, rule.explain.en
            self._static[rule.id] = {"fr": fr, "en": en} if _text.is_static(fr) and _text.is_static(en) else None
        return self._static[rule.id]

    def citation_refs(self, rule: Rule, contract_date: dt.date, make: Callable[[Citation], _R]) -> tuple[_R, ...]:
        """The verdict's references to those citations, made once by ``make`` (memoised; bounded)."""
        key = (rule.id, contract_date)
        found = self._refs.get(key)
        if found is None:
            if len(self._refs) > 200_000:
                self._refs.clear()
            found = self._refs[key] = tuple(make(c) for c in self.citations(rule, contract_date))
        return found


def plan(ruleset: RuleSet, sections: Sequence[str], moot_prefixes: Sequence[str]) -> Plan:
    """The rule set's plan (made on first use, then shared by every verdict)."""
    found: Plan | None = ruleset.__dict__.get("_verdict_plan")
    if found is None:
        found = ruleset.__dict__["_verdict_plan"] = Plan(ruleset, sections, moot_prefixes)
    return found
