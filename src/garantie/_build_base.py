"""The verdict builder's state and what each of its parts reads: values, grounds, confidence, moot rules."""

from __future__ import annotations

import abc
import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from pydantic import BaseModel

from garantie._engine import Evaluation, Outcome
from garantie._layout import MOOT_PREFIXES, SECTION_BASES, SECTIONS
from garantie._plan import Maker, construct, plan, validated
from garantie.ruleset import Rule
from garantie.verdict import Assumption, Confidence, Question, ReasonValue


class BuilderBase(abc.ABC):
    """What the verdict builder holds for one evaluation, and the conclusions' values and grounds."""

    def __init__(self, evaluation: Evaluation, assumptions: tuple[Assumption, ...] = (), *,
                 final: bool = False, validated_models: bool = False) -> None:
        self.ev = evaluation
        self.plan = plan(evaluation.ruleset, SECTIONS, MOOT_PREFIXES)
        # Output models: built directly from the checked engine results, or validated (the reference path).
        self.make: Maker = validated if validated_models else construct
        # The verdict never asks the consumer for what the seller must prove (settle() assumes it instead).
        self.final = final
        self.rs = evaluation.ruleset
        self.contract = evaluation.contract_date
        self.assumptions = assumptions
        self.event_types = [event.type for event in evaluation.case.history]
        self._grounds: dict[str, frozenset[str]] = {}  # per verdict: a method cache would keep builders alive
        self._confidence: dict[str, Confidence | None] = {}
        self._floors: dict[str, int] = {}
        self._asked: dict[tuple[str, ...], list[Question]] = {}

    # ---------------------------------------------------------------- values
    def value(self, key: str) -> Any:
        outcome = self.ev.outcomes[key]
        return outcome.value if outcome.determined else None

    def shown(self, prefix: str) -> bool:
        """Whether the basis ``prefix`` belongs in this verdict (settled by rules, and its section given)."""
        if f"{prefix}.status" not in self.ev.outcomes:
            return False
        section = SECTION_BASES.get(prefix)
        return section is None or getattr(self.ev.case, section) is not None

    def waits_for_defect(self, key: str) -> bool:
        """Whether ``key`` is unknown only for want of a defect: with none reported, that is a side question."""
        missing = self.ev.outcomes[key].missing
        return bool(missing) and all(path.startswith("defect.") for path in missing)

    def status_confidence(self, key: str) -> Confidence | None:
        """The lowest confidence among the rules a settled status rests on, directly or not."""
        if key not in self._confidence:
            self._confidence[key] = self._status_confidence(key)
        return self._confidence[key]

    def _status_confidence(self, key: str) -> Confidence | None:
        if not self.ev.outcomes[key].determined:
            return None
        return LEVELS[self._floor(key)]

    def _floor(self, key: str) -> int:
        """The lowest confidence (an index of ``LEVELS``) of the rules deciding ``key`` and, recursively, the
        conclusions they read: the same rules as ``grounds(key)`` reaches, without building its set."""
        known = self._floors.get(key)
        if known is not None:
            return known
        low = 2
        floors = self._floors
        for rule in self.ev.outcomes[key].rules:
            level = LEVEL[rule.confidence]
            if level < low:
                low = level
            for read in rule.depends_on:
                level = floors[read] if read in floors else self._floor(read)
                if level < low:
                    low = level
        self._floors[key] = low
        return low

    def moot(self, rule: Rule) -> bool:
        """Whether the rule only computed details of a basis that does not apply — details the reasons
        for "does not apply" did not rely on. Its doubts do not matter and the text leaves it out."""
        status_key = self.plan.moot_status.get(rule.conclusion)  # its section's status (plan: once per rule set)
        outcome = self.ev.outcomes.get(status_key) if status_key is not None else None
        return (outcome is not None and status_key is not None and outcome.determined
                and outcome.value == "does_not_apply" and rule.conclusion not in self.grounds(status_key))

    def grounds(self, key: str) -> frozenset[str]:
        """``key`` and every conclusion its deciding rules read, directly or not."""
        known = self._grounds.get(key)
        if known is not None:
            return known
        found, stack = {key}, [key]
        while stack:
            for rule in self.ev.outcomes[stack.pop()].rules:
                for read in rule.depends_on - found:
                    found.add(read)
                    stack.append(read)
        self._grounds[key] = frozenset(found)
        return self._grounds[key]

    @abc.abstractmethod
    def ask(self, keys: list[str]) -> list[Question]:
        """One question per missing fact that would settle any of ``keys``: the full builder
        (``garantie._evaluate._Builder``) answers it, the sections ask through it."""


LEVELS: tuple[Confidence, ...] = ("unverified", "medium", "high")
LEVEL: dict[str, int] = {level: index for index, level in enumerate(LEVELS)}


def lazy(model: _T, render: Callable[[str], str] | dict[str, str]) -> _T:
    """``model`` with its FR/EN sentences rendered by ``render(lang)`` on first read (see verdict._Texted),
    or given as they are."""
    model.__dict__["_texts"] = render
    return model


_T = TypeVar("_T", bound=BaseModel)


def lifting_bar(prefix: str, status: str, outcomes: Mapping[str, Outcome]) -> list[str]:
    """A time-barred basis asks for the facts that would have interrupted or suspended the bar."""
    key = f"{prefix}.time_bar_interruption"
    return [key] if status == "time_barred" and key in outcomes else []


def still_possible(outcome: Outcome) -> tuple[str, ...]:
    """The statuses an undetermined status could still take; every status when nothing narrows it."""
    if outcome.determined:
        return ()
    if outcome.possible is None:
        return ("applies", "does_not_apply", "time_barred")
    return tuple(sorted(str(value) for value in outcome.possible))


def plain(value: Any) -> ReasonValue:
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
