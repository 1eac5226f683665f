"""The verdict builder's sections: the legal conformity warranty, remedies, other bases, topics, next steps."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from garantie._build_base import lazy, lifting_bar, plain, still_possible
from garantie._build_reasons import ReasonsBuilder
from garantie._engine import Outcome
from garantie._layout import DONE_ON, ESCALATION, OPEN_STATUSES, SECTION_STEPS
from garantie.verdict import Basis, ConformityWarranty, LiabilityPeriod, Question, Reason, Remedy, Step, Topic


class SectionsBuilder(ReasonsBuilder):
    """Builds the verdict's sections from the settled conclusions and their reasons."""

    def section(self, prefix: str, reasons: list[Reason]) -> tuple[dict[str, Any], dict[str, Any], tuple[Reason, ...]]:
        """A prefix's settled conclusions split into dates and other values, and its reasons."""
        dates: dict[str, Any] = {}
        values: dict[str, Any] = {}
        keys = self.plan.keys(prefix)
        for key in keys:
            outcome = self.ev.outcomes[key]
            if outcome.determined and not key.endswith(".status"):
                name = key[len(prefix) + 1:]
                if isinstance(outcome.value, dt.date):
                    dates[name] = outcome.value
                else:
                    values[name] = plain(outcome.value)
        mine = self.plan.key_set(prefix)
        return dates, values, tuple(r for r in reasons if r.conclusion in mine)

    def basis(self, name: str, prefix: str, reasons: list[Reason]) -> Basis:
        outcome = self.ev.outcomes[f"{prefix}.status"]
        dates, values, own = self.section(prefix, reasons)
        could_be = still_possible(outcome)
        return self.make(Basis, basis=name, status=outcome.value if outcome.determined else "undetermined",
                     undetermined_reason=outcome.undetermined_reason, could_be=could_be,
                     status_confidence=self.status_confidence(f"{prefix}.status"), dates=dates,
                     facts=values, reasons=own,
                     questions=tuple(self.basis_questions(prefix, outcome, could_be)))

    def basis_questions(self, prefix: str, status: Outcome, could_be: tuple[str, ...]) -> list[Question]:
        """Only what could open a right is worth asking: the status while it could still apply,
        once it applies, whatever its other conclusions (dates, rights) still need, and, once
        time-barred, the events that would have interrupted or suspended the bar."""
        if status.determined and status.value in OPEN_STATUSES:
            return self.ask([key for key, outcome in self.ev.outcomes.items()
                             if key.startswith(prefix + ".") and not outcome.determined])
        lifting = lifting_bar(prefix, status.value if status.determined else "undetermined", self.ev.outcomes)
        return self.ask(([f"{prefix}.status"] if OPEN_STATUSES & set(could_be) else []) + lifting)

    def remedy(self, name: str, reasons: list[Reason]) -> Remedy:
        outcome = self.ev.outcomes[f"remedy.{name}.status"]
        dates, _, own = self.section(f"remedy.{name}", reasons)
        return self.make(Remedy, remedy=name,
                      status=outcome.value if outcome.determined else "undetermined",
                      undetermined_reason=outcome.undetermined_reason,
                      status_confidence=self.status_confidence(f"remedy.{name}.status"), dates=dates, reasons=own)

    def topic(self, prefix: str, reasons: list[Reason]) -> Topic:
        dates, values, own = self.section(prefix, reasons)
        return self.make(Topic, topic=prefix, conclusions={**{k: plain(v) for k, v in dates.items()}, **values},
                     reasons=own)

    def next_steps(self, reasons: list[Reason]) -> tuple[Step, ...]:
        """Each escalation step with its status, dates and reasons, in declaration order."""
        steps = []
        for key in self.plan.statuses(ESCALATION):
            if key not in self.ev.outcomes:
                continue
            doc = self.rs.conclusions[key]
            name = key[len(ESCALATION) + 1:-len(".status")]
            if any(name.startswith(p) and getattr(self.ev.case, s) is None for p, s in SECTION_STEPS.items()):
                continue
            outcome = self.ev.outcomes[key]
            dates, _, own = self.section(f"{ESCALATION}.{name}", reasons)
            status_reason = next((r for r in own if r.conclusion == key), None)
            status = outcome.value if outcome.determined else "undetermined"
            done_on = self.ev.facts.get(DONE_ON.get(name, ""))
            step = self.make(
                Step, step=name, status=status, title={"fr": doc.label.fr, "en": doc.label.en},
                opens_on=dates.get("opens_on"), last_day=dates.get("last_day"),
                done_on=done_on if status == "done" and isinstance(done_on, dt.date) else None, dates=dates,
                reasons=own)
            # Its sentence is the status reason's, rendered when first read (no status reason: none).
            steps.append(lazy(step, {"fr": "", "en": ""} if status_reason is None else functools.partial(
                reason_text, status_reason)))
        return tuple(steps)

    def single(self, key: str, reasons: list[Reason]) -> Reason | None:
        return next((r for r in reasons if r.conclusion == key), None)

    def conformity(self, reasons: list[Reason]) -> ConformityWarranty:
        status_outcome = self.ev.outcomes["glc.status"]
        renewed = self.value("glc.liability_start")
        delivery = self.ev.case.purchase.delivery_date
        return self.make(
            ConformityWarranty, status=status_outcome.value if status_outcome.determined else "undetermined",
            undetermined_reason=status_outcome.undetermined_reason, could_be=still_possible(status_outcome),
            status_confidence=self.status_confidence("glc.status"), regime=self.value("glc.regime"),
            liability=self.make(
                LiabilityPeriod, start=self.value("glc.liability_start"), base_end=self.value("glc.liability_base_end"),
                suspension_days=self.value("glc.suspension_days"),
                extension_months=self.value("glc.repair_extension_months"),
                renewed_on=renewed if renewed is not None and renewed != delivery else None,
                end=self.value("glc.liability_end"), end_moving=self.value("glc.liability_end_moving")),
            presumption_end=self.value("glc.presumption_end"), anteriority=self.value("glc.anteriority"),
            burden_of_proof=self.value("glc.burden_of_proof"), action_deadline=self.value("glc.action_deadline"),
            reasons=tuple(reasons))


def reason_text(reason: Reason, lang: str) -> str:
    return reason.fr if lang == "fr" else reason.en

