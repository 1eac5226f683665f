"""Immobilisation episodes read off the history: when the goods were out of the consumer's use.

A request for repair or replacement does not by itself immobilise the goods (L217-28 suspends
the warranty during a "période d'immobilisation", whose start the request only dates). An
episode opens when the goods are handed over (``handed_over``) or when a claim records that they
were immobilised from the request on (``goods_immobilised: true``); a request still pending at
the hand-over dates the episode's other possible start. It closes when the goods come back
repaired or replaced, when the seller refuses the remedy, when the consumer notifies termination
(nothing is left to suspend once the contract is undone) or gives the claim up. Nothing opens
after termination.

It only describes what happened; which start the law counts from (L217-28, old L211-16) is for
the rules. Shared by the legal conformity facts and the commercial-warranty facts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from garantie.case import Case
from garantie.history import (
    Claim,
    ClaimAbandoned,
    HandedOver,
    NegotiationEnded,
    NegotiationStarted,
    Refusal,
    RepairReturned,
    ReplacementDelivered,
    TerminationNotified,
)

__all__ = ["Episode", "episodes", "negotiation_periods", "termination_day"]

Closing = Literal["returned", "refused", "terminated", "abandoned"]


@dataclass
class Episode:
    """A stretch during which the goods were immobilised for repair or replacement."""

    index: int
    requested: dt.date | None = None
    handed_over: dt.date | None = None
    warranty: str | None = None
    remedy: str | None = None
    end: dt.date | None = None
    closed_by: Closing | None = None
    warranty_paths: list[str] = field(default_factory=list)

    def start(self, *, from_first_step: bool) -> dt.date:
        """The earlier (or later) of the request and the hand-over."""
        steps = [day for day in (self.requested, self.handed_over) if day is not None]
        return min(steps) if from_first_step else max(steps)

    def bounds(self, as_of: dt.date, *, from_first_step: bool) -> tuple[dt.date, dt.date]:
        """First and last day of the episode; ``as_of`` while the goods are still away."""
        return self.start(from_first_step=from_first_step), self.end or as_of


@dataclass
class _Pending:
    """A repair or replacement request the goods have not (yet) been handed over for."""

    date: dt.date
    remedy: str | None
    warranty: str | None
    path: str


def _closes(event: object, remedy: str | None) -> Closing | None:
    if isinstance(event, RepairReturned | ReplacementDelivered):
        return "returned"
    if isinstance(event, TerminationNotified):
        return "terminated"
    if isinstance(event, ClaimAbandoned):
        return "abandoned"
    # A refusal of the other remedy leaves the goods with the seller for the one it owes (L217-12).
    if isinstance(event, Refusal) and (
            event.refused == "any_conformity" or (event.refused in ("repair", "replacement")
                                                  and remedy in (None, event.refused))):
        return "refused"
    return None


def episodes(case: Case) -> list[Episode]:
    """Every episode of ``case``, in date order; the last may still be open (``end`` is None)."""
    ordered = sorted(enumerate(case.history), key=lambda pair: pair[1].date)
    found: list[Episode] = []
    current: Episode | None = None
    pending: _Pending | None = None
    terminated = False
    for index, event in ordered:
        if isinstance(event, Claim) and event.remedy in ("repair", "replacement"):
            if current is not None:
                current.warranty = current.warranty or event.warranty
                current.warranty_paths.append(f"history[{index}].warranty")
            elif terminated:
                continue
            elif event.goods_immobilised:
                current = Episode(index=index, requested=event.date, remedy=event.remedy, warranty=event.warranty,
                                  warranty_paths=[f"history[{index}].warranty"])
            elif pending is None:
                pending = _Pending(event.date, event.remedy, event.warranty, f"history[{index}].warranty")
        elif isinstance(event, HandedOver):
            if current is None and terminated:
                continue
            if current is None:
                current = Episode(index=index, remedy=event.purpose)
                if pending is not None:
                    current.requested, current.remedy = pending.date, current.remedy or pending.remedy
                    current.warranty = pending.warranty
                    current.warranty_paths.append(pending.path)
                    pending = None
            current.handed_over = current.handed_over or event.date
            current.remedy = current.remedy or event.purpose
            current.warranty = current.warranty or event.warranty
            current.warranty_paths.append(f"history[{index}].warranty")
        else:
            terminated = terminated or isinstance(event, TerminationNotified)
            if pending is not None and _closes(event, pending.remedy) is not None:
                pending = None
            closing = _closes(event, current.remedy) if current is not None else None
            if current is not None and closing is not None:
                current.end, current.closed_by = event.date, closing
                if isinstance(event, RepairReturned | ReplacementDelivered):
                    current.warranty = current.warranty or event.warranty
                    current.warranty_paths.append(f"history[{index}].warranty")
                found.append(current)
                current = None
    if current is not None:
        found.append(current)
    return found


def termination_day(case: Case) -> dt.date | None:
    """The first day termination was notified: no warranty period runs, or is suspended, after it."""
    days = [event.date for event in case.history if isinstance(event, TerminationNotified)]
    return min(days, default=None)


def negotiation_periods(case: Case, closing: dt.date) -> tuple[list[tuple[dt.date, dt.date]], bool]:
    """Each amicable negotiation as (start, end), cut at ``closing`` (as_of, or termination when
    earlier); and whether one is still under way on ``closing``."""
    periods: list[tuple[dt.date, dt.date]] = []
    started: dt.date | None = None
    for step in sorted(case.history, key=lambda event: event.date):
        if isinstance(step, NegotiationStarted) and started is None:
            started = step.date
        elif isinstance(step, NegotiationEnded) and started is not None:
            periods.append((started, min(step.date, closing)))
            started = None
    if started is not None:
        periods.append((started, closing))
    return periods, started is not None and closing == case.as_of
