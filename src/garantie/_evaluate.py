"""``evaluate()``: validate the case, run the rules, assemble the verdict."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from garantie._ask import rank
from garantie._assumptions import settle
from garantie._build_base import lifting_bar, still_possible
from garantie._build_sections import SectionsBuilder
from garantie._engine import Evaluation
from garantie._facts import unmeasured
from garantie._fastengine import FastEvaluation
from garantie._horizon import from_as_of, valid_until
from garantie._layout import BASES, GLC_DETAILS, OPEN_STATUSES, REMEDIES, TOPICS
from garantie._version import __version__
from garantie.case import Case, parse_case
from garantie.errors import EvaluationError, GarantieError, short_repr
from garantie.ruleset import RuleSet, load_rules, questions_for
from garantie.verdict import SCHEMA_VERSION, AskedQuestion, EitherWay, Provenance, Question, Verdict

__all__ = ["evaluate", "provenance"]

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


class _Builder(SectionsBuilder):
    """Assembles one verdict from an evaluation: its parts come from the ``_build_*`` modules; the questions are
    asked here, where ``questions_for`` is looked up."""

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

    def open_questions(self) -> dict[str, tuple[str, ...]]:
        """Every question the verdict would ask (its own and each basis's), with what each would settle."""
        glc = self.ev.outcomes["glc.status"]
        asked = self.questions(glc.value if glc.determined else "undetermined")
        for prefix in BASES:
            outcome = self.ev.outcomes.get(f"{prefix}.status")
            if outcome is not None and self.shown(prefix):
                asked += self.basis_questions(prefix, outcome, still_possible(outcome))
        found: dict[str, tuple[str, ...]] = {}
        for question in asked:
            found[question.path] = tuple(dict.fromkeys(found.get(question.path, ()) + question.needed_for))
        return found

    # ---------------------------------------------------------------- questions
    def questions(self, glc_status: str) -> list[Question]:
        """What the legal conformity warranty and, when it applies, its remedies still need."""
        # Only ask what could open a right: an answer that can only lead to "does not apply" or
        # "time-barred" changes nothing the consumer can do.
        could_apply = "applies" in still_possible(self.ev.outcomes["glc.status"])
        keys = (["glc.status"] if could_apply else []) + (list(GLC_DETAILS) if glc_status == "applies" else [])
        keys += lifting_bar("glc", glc_status, self.ev.outcomes)
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


@functools.lru_cache(maxsize=16)
def provenance(ruleset: RuleSet) -> Provenance:
    """The provenance every verdict of ``ruleset`` carries (built once per loaded rule set)."""
    return Provenance(garantie=__version__, rules_digest=ruleset.digest, rules_verified_on=ruleset.verified_on,
                      schema_version=SCHEMA_VERSION)

