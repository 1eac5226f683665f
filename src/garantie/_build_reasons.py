"""The verdict builder's reasons, warnings and rule trace, with their sentences rendered on first read."""

from __future__ import annotations

import functools
from decimal import Decimal
from typing import Any

from garantie import _text
from garantie._build_base import BuilderBase, lazy, plain
from garantie._dated import law_date
from garantie._engine import Outcome
from garantie._expr import Unknown
from garantie._plan import construct
from garantie._schema import Texts
from garantie.ruleset import Citation, Rule
from garantie.verdict import CitationRef, Reason, TraceStep, VerdictWarning


class ReasonsBuilder(BuilderBase):
    """Builds the reasons, warnings and trace steps, shared between verdicts where they are frozen."""

    def reason(self, rule: Rule, outcome: Outcome) -> Reason:
        value, refs = plain(outcome.value), self.citation_refs(rule)
        grounds, moot = self.status_confidence(rule.conclusion), self.moot(rule)
        static = self.plan.static_texts(rule) if self.make is construct else None
        if static is not None:  # frozen, its sentences fixed: one Reason shared by every verdict that has it
            key = (rule.id, type(value), value, id(refs), grounds, moot)
            shared = self.plan.reasons.get(key)
            if shared is not None and shared[0] is refs:  # the entry keeps refs alive: its id is not reused
                return shared[1]  # type: ignore[no-any-return]
        made = self.make(Reason, rule_id=rule.id, conclusion=rule.conclusion, value=value, citations=refs,
                         confidence=rule.confidence, grounds_confidence=grounds, moot=moot)
        if static is None:
            return lazy(made, lambda lang: self.fill(rule, getattr(rule.explain, lang), lang, outcome))
        if len(self.plan.reasons) > 100_000:
            self.plan.reasons.clear()  # bounded: dated values make many keys
        self.plan.reasons[key] = (refs, lazy(made, static))
        return made

    def citation_refs(self, rule: Rule) -> tuple[CitationRef, ...]:
        return self.plan.citation_refs(rule, law_date(rule.dated_by, self.ev.facts, self.contract), citation_ref)

    def fill(self, rule: Rule, template: str, lang: str, outcome: Outcome) -> str:
        def lookup(name: str) -> str:
            if name == "value":
                return self.show(rule.conclusion, outcome.value, lang)
            if name.startswith("param:"):
                found = self.ev.params_used.get(name[6:]) or self.rs.parameter_value(name[6:], self.contract)
                if found is None:
                    return "?"
                if self.rs.parameters[name[6:]].unit == "eur":  # an amount reads as one: "5 000 €", "€5,000"
                    return _text.format_amount(Decimal(str(found.value)), lang)
                return _text.format_value(found.value, lang)
            if name in self.ev.outcomes:
                other = self.ev.outcomes[name]
                return self.show(name, other.value, lang) if other.determined else "?"
            fact = self.ev.facts.get(name)
            return "?" if fact is None or isinstance(fact, Unknown) else _text.format_value(fact, lang)
        return _text.fill(template, lookup)

    def show(self, key: str, value: Any, lang: str) -> str:
        doc = self.rs.conclusions.get(key)
        if doc is not None and doc.value_labels and value in doc.value_labels:
            return str(getattr(doc.value_labels[value], lang))
        return _text.format_value(value, lang)

    def warnings(self) -> list[VerdictWarning]:
        out: list[VerdictWarning] = []
        retained = [rule for outcome in self.ev.outcomes.values() for rule in outcome.rules
                    if not self.moot(rule)]
        for rule in retained:
            labels = ", ".join(c.label for c in self.plan.citations(
                rule, law_date(rule.dated_by, self.ev.facts, self.contract)))
            outcome = self.ev.outcomes[rule.conclusion]
            if rule.confidence == "unverified":
                # One warning per rule: its own caveat says what is doubtful, when it has one.
                out.append(lazy(VerdictWarning(code="unverified_rule", rule_id=rule.id),
                                 functools.partial(self.unverified_text, rule, labels, outcome)))
            for name in sorted(rule.params):
                used = self.ev.params_used.get(name)
                if used is not None and used.confidence == "unverified":
                    # The reader sees the parameter's and the rule's own words, not their ids.
                    label = self.rs.parameters[name].label
                    out.append(lazy(VerdictWarning(code="unverified_rule", rule_id=rule.id), {
                        "fr": f"La valeur retenue pour « {label.fr} » (règle « {rule.title.fr} ») n'est pas vérifiée.",
                        "en": f"The value used for \"{label.en}\" (rule \"{rule.title.en}\") is unverified."}))
            if rule.caveat is not None and rule.confidence != "unverified":
                caveat = rule.caveat
                out.append(lazy(VerdictWarning(code="caveat", rule_id=rule.id),
                                 functools.partial(self.caveat_text, rule, caveat, outcome)))
        stale = sorted({r.verified_on for r in retained if r.verified_on < self.contract})
        if stale:
            day = stale[0]
            out.append(lazy(VerdictWarning(code="law_checked_before_case"), {
                "fr": f"Le contrat ({_text.format_value(self.contract, 'fr')}) est postérieur à la dernière "
                   f"vérification du droit appliqué ({_text.format_value(day, 'fr')}) : un texte plus récent "
                   "pourrait s'appliquer.",
                "en": f"The contract ({_text.format_value(self.contract, 'en')}) is later than the last check of the "
                   f"law applied ({_text.format_value(day, 'en')}): a newer text may apply."}))
        return out

    def unverified_text(self, rule: Rule, labels: str, outcome: Outcome, lang: str) -> str:
        if lang == "fr":
            doubt = self.fill(rule, rule.caveat.fr, "fr", outcome) if rule.caveat else (
                "la conclusion qu'elle fonde reste à confirmer par un juriste.")
            return f"Règle non vérifiée ({rule.title.fr} ; {labels}) : {doubt}"
        doubt = self.fill(rule, rule.caveat.en, "en", outcome) if rule.caveat else (
            "the conclusion it supports must be confirmed by a lawyer.")
        return f"Unverified rule ({rule.title.en}; {labels}): {doubt}"

    def caveat_text(self, rule: Rule, caveat: Texts, outcome: Outcome, lang: str) -> str:
        return self.fill(rule, getattr(caveat, lang), lang, outcome)

    def trace(self) -> list[TraceStep]:
        steps: list[TraceStep] = []
        # Trace steps are frozen and depend on (rule, value, kind) only: built once, shared by verdicts
        # (not on the reference path, which validates each model it makes).
        shared = self.plan.trace_steps if self.make is construct else None
        for outcome in self.ev.outcomes.values():
            fired = outcome.rules + outcome.overridden
            for rule in sorted(fired, key=rule_order) if len(fired) > 1 else fired:
                retained = rule in outcome.rules
                own = outcome.value if retained else rule.value(self.ev)
                value = None if isinstance(own, Unknown) else plain(own)
                kind = "retained" if retained else "overridden"
                key = (rule.id, type(value), value, kind)
                step = shared.get(key) if shared is not None else None
                if step is None:
                    step = self.make(TraceStep, rule_id=rule.id, conclusion=rule.conclusion, value=value, outcome=kind)
                    if shared is not None:
                        if len(shared) > 100_000:
                            shared.clear()  # bounded: dated values make many keys
                        shared[key] = step
                steps.append(step)
        return steps


def rule_order(rule: Rule) -> int:
    return rule.order


@functools.lru_cache(maxsize=1024)
def citation_ref(c: Citation) -> CitationRef:
    # Citations are immutable and shared by every verdict: build each reference once.
    return CitationRef(id=c.id, kind=c.kind, code=c.code, article=c.article, version=c.version,
                       legifrance_id=c.legifrance_id, url=c.url, in_force_from=c.in_force.start,
                       in_force_to=c.in_force.end, label=c.label)

