"""``evaluate()``: validate the case, run the rules, assemble the verdict."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from garantie import _text
from garantie._ask import rank
from garantie._assumptions import settle
from garantie._dated import law_date
from garantie._engine import Evaluation, Outcome
from garantie._expr import Unknown
from garantie._facts import unmeasured
from garantie._fastengine import FastEvaluation
from garantie._horizon import from_as_of, valid_until
from garantie._plan import Maker, construct, plan, validated
from garantie._schema import Texts
from garantie._version import __version__
from garantie.case import Case, parse_case
from garantie.errors import EvaluationError, GarantieError, short_repr
from garantie.ruleset import Citation, Rule, RuleSet, load_rules, questions_for
from garantie.verdict import (
    SCHEMA_VERSION,
    AskedQuestion,
    Assumption,
    Basis,
    CitationRef,
    Confidence,
    ConformityWarranty,
    EitherWay,
    LiabilityPeriod,
    Provenance,
    Question,
    Reason,
    ReasonValue,
    Remedy,
    Step,
    Topic,
    TraceStep,
    Verdict,
    VerdictWarning,
)

__all__ = ["evaluate", "provenance"]

# Which conclusions feed which verdict fields. The rules decide the values; this only places them.
_GLC_DETAILS = ("glc.liability_end", "glc.presumption_end", "glc.burden_of_proof", "glc.action_deadline")
# Conclusion prefix -> basis name. A basis is settled by '<prefix>.status'; its other conclusions
# become its dates and facts. Adding a basis = its rules, conclusions, and one line here.
BASES: dict[str, str] = {
    "delivery": "delivery",
    "withdrawal": "withdrawal",
    "commercial": "commercial_warranty",
    "hidden_defects": "hidden_defects",
    "repair_service": "repair_service",
}
# Bases shown only when the case has their optional input section (a case about a sale says nothing of a repair).
SECTION_BASES: dict[str, str] = {"repair_service": "repair_service"}
REMEDIES = ("repair", "replacement", "price_reduction", "termination")
# Statuses under which a basis can be exercised now: "may_be_invoked" still leaves proofs to the consumer.
OPEN_STATUSES = frozenset({"applies", "may_be_invoked"})
# Prefixes whose conclusions are shown as side answers rather than bases.
TOPICS: tuple[str, ...] = ("remedy.rights", "remedy.refunds", "cross_border", "payment", "counterpart")
# Prefix of the escalation path: each '<prefix>.<step>.status' is one step of verdict.next_steps, in the order
# rules/escalation/conclusions.yaml declares them.
ESCALATION = "escalation"
# The history fact that dates a step shown done (placement only: which events count is in _escalation_events).
_DONE_ON = {"written_claim": "history.written_claim_on", "formal_notice": "history.formal_notice_sent_on",
            "consumer_mediation": "history.consumer_mediation_requested_on",
            "amicable_attempt": "history.amicable_attempted_on", "court": "history.court_claim_filed_on",
            "repair_notice": "repair_service.formal_notice_on"}
# Steps shown only when the case has their input section, by step-name prefix (the steps toward a repairer).
SECTION_STEPS: dict[str, str] = {"repair_": "repair_service"}
# The verdict's reading order, by conclusion prefix; and the prefixes whose status can make a rule moot (a
# basis shown with its own input section is never moot: everything about what the consumer described is shown).
_SECTIONS = ("glc.", "remedy.", *(prefix + "." for prefix in BASES), *(t + "." for t in TOPICS), ESCALATION + ".")
_MOOT_PREFIXES = ("glc", "remedy", *(prefix for prefix in BASES if prefix not in SECTION_BASES))
# Engines this module runs itself: the generated one (default) and the reference Evaluation ("builtin").
_OWN_ENGINES: dict[str, Callable[[RuleSet, Case], Evaluation]] = {"default": FastEvaluation, "builtin": Evaluation}


def evaluate(case: Case | Mapping[str, Any], *, rules: RuleSet | str | Path | None = None,
             today: dt.date | None = None, engine: str = "default") -> Verdict:
    """Evaluate ``case`` and return its reasoned verdict.

    ``case`` is a :class:`~garantie.case.Case` or a mapping of the same shape (e.g. parsed
    JSON or YAML). ``rules`` defaults to the bundled rule set. ``today`` fills a missing
    ``as_of`` (default: the system date); pass it for reproducible results.

    ``engine="durable"`` settles the conclusions with durable-rules instead (a cross-check; see
    ``garantie.backends``); the assumptions and the verdict are made by the same code.

    Raises :class:`~garantie.errors.InputError` for a malformed case,
    :class:`~garantie.errors.RuleConflictError` if two rules contradict each other,
    :class:`~garantie.errors.EvaluationError` if a computation fails (a bug: input bounds
    keep valid cases away from it), :class:`~garantie.errors.EngineError` if the engine asked for
    cannot answer, and :class:`TypeError` if ``today`` is not a ``date``.
    Stateless and safe to call from several threads at once.
    """
    parsed = parse_case(case, today=today)
    ruleset = rules if isinstance(rules, RuleSet) else load_rules(rules)
    if engine in _OWN_ENGINES:
        run = _OWN_ENGINES[engine]
    else:
        from garantie import backends  # imported only when asked for

        run = backends.runner(engine)
    verdict = judge(parsed, ruleset, run)
    verdict._case, verdict._rules = parsed, ruleset  # for next_questions
    if engine not in _OWN_ENGINES:
        from garantie import backends

        verdict = backends.complete(engine, verdict)
    if parsed.purchase.seller_policy_text is None:
        return verdict
    from garantie.policy._verdict import with_policy_topic  # the policy check loads its own rule files

    return with_policy_topic(verdict, parsed, ruleset)


def judge(parsed: Case, ruleset: RuleSet, run: Callable[[RuleSet, Case], Evaluation] = FastEvaluation, *,
          reference: bool = False) -> Verdict:
    """The verdict on a parsed case, its conclusions settled by ``run`` (an engine: the generated one, the
    reference :class:`Evaluation`, or a second backend's runner). ``reference=True`` is the reference path the
    benchmarks and checks compare with: the reference engine, validated model construction, every sentence
    rendered at once."""
    if reference:
        run = Evaluation
    try:
        evaluation, assumptions = settle(ruleset, parsed, lambda ev: _Builder(ev).open_questions(), run)
        verdict = _Builder(evaluation, assumptions, final=True, validated_models=reference).verdict()
        if reference:
            for item in (*verdict.reasons, *verdict.warnings, *verdict.next_steps):
                _ = item.fr, item.en
        return verdict
    except (ArithmeticError, ValueError) as exc:
        if isinstance(exc, GarantieError):
            raise
        # Rules name themselves (ruleset._guarded); this catches derived facts and the verdict's texts.
        raise EvaluationError(f"{type(exc).__name__} outside any rule: {short_repr(str(exc), 200)}") from exc


class _Builder:
    def __init__(self, evaluation: Evaluation, assumptions: tuple[Assumption, ...] = (), *,
                 final: bool = False, validated_models: bool = False) -> None:
        self.ev = evaluation
        self.plan = plan(evaluation.ruleset, _SECTIONS, _MOOT_PREFIXES)
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

    def verdict(self) -> Verdict:
        # Reasons read in the verdict's order: the legal warranty, its remedies, each other basis, the
        # side answers, the comparison; within a section, conclusions in the order the rule files declare them.
        outcomes = self.ev.outcomes
        ordered = [outcomes[key] for key in self.plan.reason_order if key in outcomes]
        reasons = [self.reason(rule, outcome) for outcome in ordered for rule in outcome.rules]
        glc = self.conformity([r for r in reasons if r.conclusion.startswith("glc.")])
        shown = [prefix for prefix in BASES if self.shown(prefix)]
        bases = [self.basis(BASES[prefix], prefix, reasons) for prefix in shown]
        defect_reported = self.ev.case.defect is not None
        statuses = [(glc.status, glc.could_be, "glc.status")]
        statuses += [(b.status, b.could_be, f"{prefix}.status") for prefix, b in zip(shown, bases, strict=True)]
        # "Either way" (issue 13): an undetermined status whose every possible value opens a right is settled.
        status = ("actionable" if any(s in OPEN_STATUSES or (s == "undetermined" and could and
                                                             set(could) <= OPEN_STATUSES)
                                      for s, could, _ in statuses)
                  # a status no rule can settle (could_be empty) may be open: never "none can be exercised"
                  else "undetermined" if any(s == "undetermined" and (not could or OPEN_STATUSES & set(could))
                                             and (defect_reported or not self.waits_for_defect(key))
                                             for s, could, key in statuses)
                  else "not_actionable")
        assert self.ev.case.as_of is not None
        return self.make(
            Verdict, as_of=self.ev.case.as_of, contract_date=self.contract, status=status, legal_conformity=glc,
            remedies=tuple(self.remedy(name, reasons) for name in REMEDIES
                           if f"remedy.{name}.status" in self.ev.outcomes),
            recommended=self.single("remedy.recommended", reasons), bases=tuple(bases),
            strongest=self.single("comparison.strongest", reasons),
            topics=tuple(self.topic(prefix, reasons) for prefix in TOPICS), next_steps=self.next_steps(reasons),
            reasons=tuple(reasons), questions=tuple(self.questions(glc.status)), assumptions=self.assumptions,
            valid_until=valid_until(self.ev), from_as_of=from_as_of(self.ev), either_way=self.either_way(),
            to_ask=self.to_ask(),
            defect_reported=defect_reported, warnings=tuple(self.warnings()), trace=tuple(self.trace()),
            provenance=provenance(self.rs))

    def either_way(self) -> tuple[EitherWay, ...]:
        """Undetermined conclusions whose possible values the rule files group as giving the same right."""
        out = []
        for key, outcome in self.ev.outcomes.items():
            doc = self.rs.conclusions.get(key)
            if outcome.determined or not outcome.possible or doc is None or not doc.same_right:
                continue
            could = tuple(sorted(str(value) for value in outcome.possible))
            group = next((g for g in doc.same_right if set(could) <= set(g.values)), None)
            if group is not None and len(could) > 1:
                out.append(EitherWay(conclusion=key, could_be=could, fr=group.fr, en=group.en))
        return tuple(out)

    def to_ask(self) -> tuple[AskedQuestion, ...]:
        """The open questions ranked for a form (garantie._ask); seller-proof facts are assumed, not asked."""
        event_types = self.event_types
        return rank(self.open_questions(), self.rs.questions, lambda path: questions_for(self.rs, path, event_types),
                    unmeasured(self.ev.case, self.ev.facts), conclusions=self.rs.conclusions,
                    event_types=event_types)

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

    def open_questions(self) -> dict[str, tuple[str, ...]]:
        """Every question the verdict would ask (its own and each basis's), with what each would settle."""
        glc = self.ev.outcomes["glc.status"]
        asked = self.questions(glc.value if glc.determined else "undetermined")
        for prefix in BASES:
            outcome = self.ev.outcomes.get(f"{prefix}.status")
            if outcome is not None and self.shown(prefix):
                asked += self.basis_questions(prefix, outcome, _could_be(outcome))
        found: dict[str, tuple[str, ...]] = {}
        for question in asked:
            found[question.path] = tuple(dict.fromkeys(found.get(question.path, ()) + question.needed_for))
        return found

    def status_confidence(self, key: str) -> Confidence | None:
        """The lowest confidence among the rules a settled status rests on, directly or not."""
        if key not in self._confidence:
            self._confidence[key] = self._status_confidence(key)
        return self._confidence[key]

    def _status_confidence(self, key: str) -> Confidence | None:
        if not self.ev.outcomes[key].determined:
            return None
        return _LEVELS[self._floor(key)]

    def _floor(self, key: str) -> int:
        """The lowest confidence (an index of ``_LEVELS``) of the rules deciding ``key`` and, recursively, the
        conclusions they read: the same rules as ``grounds(key)`` reaches, without building its set."""
        known = self._floors.get(key)
        if known is not None:
            return known
        low = 2
        floors = self._floors
        for rule in self.ev.outcomes[key].rules:
            level = _LEVEL[rule.confidence]
            if level < low:
                low = level
            for read in rule.depends_on:
                level = floors[read] if read in floors else self._floor(read)
                if level < low:
                    low = level
        self._floors[key] = low
        return low

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
                    values[name] = _plain(outcome.value)
        mine = self.plan.key_set(prefix)
        return dates, values, tuple(r for r in reasons if r.conclusion in mine)

    def basis(self, name: str, prefix: str, reasons: list[Reason]) -> Basis:
        outcome = self.ev.outcomes[f"{prefix}.status"]
        dates, values, own = self.section(prefix, reasons)
        could_be = _could_be(outcome)
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
        lifting = _lifting_bar(prefix, status.value if status.determined else "undetermined", self.ev.outcomes)
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
        return self.make(Topic, topic=prefix, conclusions={**{k: _plain(v) for k, v in dates.items()}, **values},
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
            done_on = self.ev.facts.get(_DONE_ON.get(name, ""))
            step = self.make(
                Step, step=name, status=status, title={"fr": doc.label.fr, "en": doc.label.en},
                opens_on=dates.get("opens_on"), last_day=dates.get("last_day"),
                done_on=done_on if status == "done" and isinstance(done_on, dt.date) else None, dates=dates,
                reasons=own)
            # Its sentence is the status reason's, rendered when first read (no status reason: none).
            steps.append(_lazy(step, {"fr": "", "en": ""} if status_reason is None else functools.partial(
                _reason_text, status_reason)))
        return tuple(steps)

    def single(self, key: str, reasons: list[Reason]) -> Reason | None:
        return next((r for r in reasons if r.conclusion == key), None)

    def conformity(self, reasons: list[Reason]) -> ConformityWarranty:
        status_outcome = self.ev.outcomes["glc.status"]
        renewed = self.value("glc.liability_start")
        delivery = self.ev.case.purchase.delivery_date
        return self.make(
            ConformityWarranty, status=status_outcome.value if status_outcome.determined else "undetermined",
            undetermined_reason=status_outcome.undetermined_reason, could_be=_could_be(status_outcome),
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

    # ---------------------------------------------------------------- reasons
    def reason(self, rule: Rule, outcome: Outcome) -> Reason:
        value, refs = _plain(outcome.value), self.citation_refs(rule)
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
            return _lazy(made, lambda lang: self.fill(rule, getattr(rule.explain, lang), lang, outcome))
        if len(self.plan.reasons) > 100_000:
            self.plan.reasons.clear()  # bounded: dated values make many keys
        self.plan.reasons[key] = (refs, _lazy(made, static))
        return made

    def citation_refs(self, rule: Rule) -> tuple[CitationRef, ...]:
        return self.plan.citation_refs(rule, law_date(rule.dated_by, self.ev.facts, self.contract), _citation_ref)

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

    # ---------------------------------------------------------------- questions, warnings, trace
    def questions(self, glc_status: str) -> list[Question]:
        """What the legal conformity warranty and, when it applies, its remedies still need."""
        # Only ask what could open a right: an answer that can only lead to "does not apply" or
        # "time-barred" changes nothing the consumer can do.
        could_apply = "applies" in _could_be(self.ev.outcomes["glc.status"])
        keys = (["glc.status"] if could_apply else []) + (list(_GLC_DETAILS) if glc_status == "applies" else [])
        keys += _lifting_bar("glc", glc_status, self.ev.outcomes)
        keys += [f"remedy.{name}.status" for name in REMEDIES if f"remedy.{name}.status" in self.ev.outcomes
                 and glc_status == "applies"]
        return self.ask(keys)

    def ask(self, keys: list[str]) -> list[Question]:
        """One question per missing fact that would settle any of ``keys`` (a new list: callers extend it)."""
        known = self._asked.get(tuple(keys))
        if known is None:  # the verdict's fields and to_ask() ask the same keys: settled once per builder
            known = self._asked[tuple(keys)] = self._ask(keys)
        return list(known)

    def _ask(self, keys: list[str]) -> list[Question]:
        needed: dict[str, list[str]] = {}
        for key in keys:
            for path in sorted(self.ev.outcomes[key].missing):
                needed.setdefault(path, []).append(key)
        out = []
        event_types = self.event_types  # once per verdict, not once per path (D7)
        for path, for_keys in needed.items():
            texts = questions_for(self.rs, path, event_types)
            assert texts is not None, f"no question for {path}"  # the loader checks every readable fact
            if self.final and texts.proof_by == "seller":
                continue
            out.append(self.make(Question, path=path, fr=texts.fr, en=texts.en, needed_for=tuple(for_keys)))
        return out

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
                out.append(_lazy(VerdictWarning(code="unverified_rule", rule_id=rule.id),
                                 functools.partial(self.unverified_text, rule, labels, outcome)))
            for name in sorted(rule.params):
                used = self.ev.params_used.get(name)
                if used is not None and used.confidence == "unverified":
                    # The reader sees the parameter's and the rule's own words, not their ids.
                    label = self.rs.parameters[name].label
                    out.append(_lazy(VerdictWarning(code="unverified_rule", rule_id=rule.id), {
                        "fr": f"La valeur retenue pour « {label.fr} » (règle « {rule.title.fr} ») n'est pas vérifiée.",
                        "en": f"The value used for \"{label.en}\" (rule \"{rule.title.en}\") is unverified."}))
            if rule.caveat is not None and rule.confidence != "unverified":
                caveat = rule.caveat
                out.append(_lazy(VerdictWarning(code="caveat", rule_id=rule.id),
                                 functools.partial(self.caveat_text, rule, caveat, outcome)))
        stale = sorted({r.verified_on for r in retained if r.verified_on < self.contract})
        if stale:
            day = stale[0]
            out.append(_lazy(VerdictWarning(code="law_checked_before_case"), {
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
            for rule in sorted(fired, key=_rule_order) if len(fired) > 1 else fired:
                retained = rule in outcome.rules
                own = outcome.value if retained else rule.value(self.ev)
                value = None if isinstance(own, Unknown) else _plain(own)
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


def _rule_order(rule: Rule) -> int:
    return rule.order


_LEVELS: tuple[Confidence, ...] = ("unverified", "medium", "high")
_LEVEL: dict[str, int] = {level: index for index, level in enumerate(_LEVELS)}


def _reason_text(reason: Reason, lang: str) -> str:
    return reason.fr if lang == "fr" else reason.en


def _lazy(model: _T, render: Callable[[str], str] | dict[str, str]) -> _T:
    """``model`` with its FR/EN sentences rendered by ``render(lang)`` on first read (see verdict._Texted),
    or given as they are."""
    model.__dict__["_texts"] = render
    return model


_T = TypeVar("_T", bound=BaseModel)


def _lifting_bar(prefix: str, status: str, outcomes: Mapping[str, Outcome]) -> list[str]:
    """A time-barred basis asks for the facts that would have interrupted or suspended the bar."""
    key = f"{prefix}.time_bar_interruption"
    return [key] if status == "time_barred" and key in outcomes else []


@functools.lru_cache(maxsize=16)
def provenance(ruleset: RuleSet) -> Provenance:
    """The provenance every verdict of ``ruleset`` carries (built once per loaded rule set)."""
    return Provenance(garantie=__version__, rules_digest=ruleset.digest, rules_verified_on=ruleset.verified_on,
                      schema_version=SCHEMA_VERSION)


@functools.lru_cache(maxsize=1024)
def _citation_ref(c: Citation) -> CitationRef:
    # Citations are immutable and shared by every verdict: build each reference once.
    return CitationRef(id=c.id, kind=c.kind, code=c.code, article=c.article, version=c.version,
                       legifrance_id=c.legifrance_id, url=c.url, in_force_from=c.in_force.start,
                       in_force_to=c.in_force.end, label=c.label)


def _could_be(outcome: Outcome) -> tuple[str, ...]:
    """The statuses an undetermined status could still take; every status when nothing narrows it."""
    if outcome.determined:
        return ()
    if outcome.possible is None:
        return ("applies", "does_not_apply", "time_barred")
    return tuple(sorted(str(value) for value in outcome.possible))


def _plain(value: Any) -> ReasonValue:
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
