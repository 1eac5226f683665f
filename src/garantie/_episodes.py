"""Immobilisation episodes read off the history: when the goods were with the seller.

An episode opens with a claim for repair or replacement, or with the hand-over of the goods,
and closes when they come back repaired or replaced. It only describes what happened; which
start the law counts from (L217-28, old L211-16) is for the rules. Shared by the legal
conformity facts and the commercial-warranty facts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from garantie import _dates
from garantie.case import Case
from garantie.history import Claim, HandedOver, RepairReturned, ReplacementDelivered

__all__ = ["Episode", "episodes"]


@dataclass
class Episode:
    """A stretch during which the goods were with the seller for repair or replacement."""

    index: int
    requested: dt.date | None = None
    handed_over: dt.date | None = None
    warranty: str | None = None
    remedy: str | None = None
    end: dt.date | None = None
    warranty_paths: list[str] = field(default_factory=list)

    def days(self, as_of: dt.date, *, from_first_step: bool) -> int:
        """Days from the earlier (or later) of the request and the hand-over to the return, or to
        ``as_of`` while the goods are still away."""
        steps = [day for day in (self.requested, self.handed_over) if day is not None]
        start = min(steps) if from_first_step else max(steps)
        return _dates.days_between(start, self.end or as_of)


def episodes(case: Case) -> list[Episode]:
    """Every episode of ``case``, in date order; the last may still be open (``end`` is None)."""
    ordered = sorted(enumerate(case.history), key=lambda pair: pair[1].date)
    found: list[Episode] = []
    current: Episode | None = None
    for index, event in ordered:
        if isinstance(event, Claim) and event.remedy in ("repair", "replacement"):
            if current is None:
                current = Episode(index=index, requested=event.date, remedy=event.remedy)
            current.warranty = current.warranty or event.warranty
            current.warranty_paths.append(f"history[{index}].warranty")
        elif isinstance(event, HandedOver):
            if current is None:
                current = Episode(index=index, remedy=event.purpose)
            current.handed_over = current.handed_over or event.date
            current.remedy = current.remedy or event.purpose
            current.warranty = current.warranty or event.warranty
            current.warranty_paths.append(f"history[{index}].warranty")
        elif isinstance(event, RepairReturned | ReplacementDelivered) and current is not None:
            current.end = event.date
            current.warranty = current.warranty or event.warranty
            current.warranty_paths.append(f"history[{index}].warranty")
            found.append(current)
            current = None
    if current is not None:
        found.append(current)
    return found
