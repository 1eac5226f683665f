"""Which questions to ask now, and how (issue 13): types, labels and dependencies are data in the
questions files; this module checks them against the facts' types and ranks the open questions."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from garantie._event_fields import EVENT_MODELS, NOTHING_HAPPENED, adds_event, event_field, form_type
from garantie._expr import Unknown, ValueType
from garantie._facts import FACT_TYPES, question_key
from garantie._schema import QuestionDoc
from garantie.errors import GarantieError, RuleSetError
from garantie.verdict import AskedQuestion, Choice, Verdict

if TYPE_CHECKING:
    from garantie.case import Case
    from garantie.ruleset import RuleSet

__all__ = ["IMPLIED", "can_change", "check_question", "fingerprint", "probe_values", "question_type", "rank",
           "with_implied"]

_NUMBER_TYPES = ("int", "money")
# What the case models state outright (Purchase.delivered: "a known delivery_date implies true"): a
# dependency on the left is answered once the fact on the right is known.
IMPLIED: dict[str, tuple[str, Any]] = {"purchase.delivered": ("purchase.delivery_date", True)}


def question_type(key: str, doc: QuestionDoc, event_types: Sequence[str] = ()) -> str:
    """The declared type, or the fact's own (a number is asked as an int), or an event field's (read off
    garantie.history: an amount is money); text when nothing says more."""
    if doc.type is not None:
        return doc.type
    kind = FACT_TYPES.get(key)
    if kind is None:
        field = form_type(key, event_types) or event_field(question_key(key))
        return field[0] if field is not None else "text"
    return {"number": "int"}.get(kind.kind, kind.kind)


def check_question(key: str, doc: QuestionDoc, source: str, questions: Mapping[str, QuestionDoc]) -> None:
    """A declared type must fit the fact, an enum fact labels every value, and a dependency names a
    question with values its fact can take."""
    field = event_field(key)
    kind = FACT_TYPES.get(key) or (field[1] if field is not None else None)
    asked = question_type(key, doc)
    if adds_event(key) and doc.choices is not None:  # its choices are the events an answer adds
        unknown = sorted(set(doc.choices) - set(EVENT_MODELS) - {NOTHING_HAPPENED})
        if doc.type != "enum" or unknown:
            raise RuleSetError(f"a question that adds an event is an enum whose choices are event types or "
                               f"{NOTHING_HAPPENED} (unknown: {', '.join(unknown) or '-'})",
                               file=source, item=key, key="choices")
        return
    if kind is not None and doc.type is not None:
        fits = doc.type in _NUMBER_TYPES if kind.kind == "number" else doc.type == kind.kind
        if not fits:
            raise RuleSetError(f"type {doc.type} does not fit the fact ({kind.describe()})",
                               file=source, item=key, key="type")
    # Labels are optional for a rule set under construction (tests build small ones), but once given they
    # label every value; tests/test_next_questions.py requires them for the bundled rule set.
    if kind is not None and kind.kind == "enum" and doc.choices is not None:
        labelled = set(doc.choices or {})
        if labelled != set(kind.values):
            missing, extra = sorted(kind.values - labelled), sorted(labelled - kind.values)
            raise RuleSetError(f"an enum question labels exactly its values (missing: {', '.join(missing) or '-'}; "
                               f"unknown: {', '.join(extra) or '-'})", file=source, item=key, key="choices")
    elif doc.choices is not None and asked != "enum":
        raise RuleSetError("choices are only for enum questions", file=source, item=key, key="choices")
    for path, values in (doc.depends_on or {}).items():
        other = FACT_TYPES.get(path)
        if path not in questions or other is None or path == key:
            raise RuleSetError(f"depends_on names {path}, which is not another question's fact",
                               file=source, item=key, key="depends_on")
        if not values or not all(_fits(value, other) for value in values):
            raise RuleSetError(f"depends_on {path}: values must be ones the fact can take ({other.describe()})",
                               file=source, item=key, key="depends_on")


def _fits(value: bool | str, kind: ValueType) -> bool:
    if kind.kind == "bool":
        return isinstance(value, bool)
    return kind.kind == "enum" and isinstance(value, str) and value in kind.values


def with_implied(facts: Mapping[str, Any]) -> dict[str, Any]:
    """``facts`` with the values the case models imply (a known delivery date: delivered)."""
    out = dict(facts)
    for path, (source, value) in IMPLIED.items():
        if isinstance(out.get(path), Unknown) and not isinstance(out.get(source, Unknown(())), Unknown):
            out[path] = value
    return out


def rank(open_questions: Mapping[str, tuple[str, ...]], questions: Mapping[str, QuestionDoc],
         lookup: Any, facts: Mapping[str, Any], skip: frozenset[str] = frozenset(),
         conclusions: Mapping[str, Any] | None = None, event_types: Sequence[str] = ()) -> tuple[AskedQuestion, ...]:
    """The open questions worth asking now, best first.

    A question whose dependency is answered with a value outside its list is dropped (it cannot matter);
    one whose dependency is unanswered waits, and the dependency is asked in its place, inheriting what
    the waiting question would settle. ``lookup(path)`` gives the QuestionDoc of a path (events included).
    """
    facts = with_implied(facts)
    needs: dict[str, tuple[str, ...]] = {}
    pending = list(open_questions.items())
    budget = 50 * (len(pending) + 1)  # a dependency cycle must not loop forever
    while pending and budget:
        budget -= 1
        path, needed_for = pending.pop(0)
        doc = lookup(path)
        if doc is None or path in skip:
            continue
        blocked = False
        for dep, values in (doc.depends_on or {}).items():
            known = facts.get(dep)
            if isinstance(known, Unknown) or known is None:
                blocked = True
                pending.append((dep, needed_for))
            elif known not in values:
                blocked = True  # settled the other way: this question cannot change anything
                needed_for = ()
                break
        if not blocked:
            needs[path] = tuple(dict.fromkeys(needs.get(path, ()) + needed_for))
    out = []
    for path, needed_for in needs.items():
        if not needed_for:
            continue
        doc = lookup(path)
        kind = question_type(path, doc, event_types)
        field = form_type(path, event_types)
        fact = FACT_TYPES.get(path) or (field[1] if field is not None else None)
        # An event field's labels may cover values of other events that share the field name: offer this one's.
        choices = tuple(Choice(value=value, fr=label.fr, en=label.en) for value, label in (doc.choices or {}).items()
                        if fact is None or fact.kind != "enum" or value in fact.values)
        if kind == "enum" and not choices and fact is not None:  # an unlabelled rule set: the values themselves
            choices = tuple(Choice(value=value, fr=value, en=value) for value in sorted(fact.values))
        # required_for in words: declared, else the labels of the conclusions the answer can settle.
        labels = [conclusions[key].label for key in needed_for if conclusions and key in conclusions]
        words: dict[str, str | None] = {}
        for lang, sep in (("fr", " ; "), ("en", "; ")):
            declared = getattr(doc.required_for, lang) if doc.required_for else None
            words[lang] = declared or sep.join(dict.fromkeys(getattr(label, lang) for label in labels)) or None
        out.append(AskedQuestion(
            path=path, fr=doc.fr, en=doc.en, needed_for=needed_for, type=kind,
            choices=choices, required_for_fr=words["fr"], required_for_en=words["en"],
            settles=sum(1 for key in needed_for if key.endswith(".status")), priority=doc.priority))
    out.sort(key=lambda q: (-q.settles, -q.priority))
    return tuple(out)


def fingerprint(verdict: Verdict) -> tuple[Any, ...]:
    """What a consumer can act on: every status, remedy, deadline and next step (texts left out)."""
    glc = verdict.legal_conformity
    return (verdict.status, glc.status, glc.liability, glc.presumption_end, glc.action_deadline,
            tuple((r.remedy, r.status, tuple(r.dates.items())) for r in verdict.remedies),
            tuple((b.basis, b.status, tuple(b.dates.items())) for b in verdict.bases),
            tuple((s.step, s.status, s.opens_on, s.last_day, s.done_on) for s in verdict.next_steps))


def probe_values(question: AskedQuestion, contract: dt.date, as_of: dt.date) -> list[Any]:
    """Answers to try: every choice, both booleans, dates spread from the contract to as_of, a few sizes."""
    if question.type == "bool":
        return [True, False]
    if question.type == "enum":
        return [choice.value for choice in question.choices]
    if question.type == "date":
        days = (0, 1, 2, 7, 15, 31, 60, 180, 365, 700, 740, 1100, 1900, 3700)
        spread = [contract + dt.timedelta(days=n) for n in days]
        return [day for day in spread if day <= as_of] + [as_of]
    if question.type in _NUMBER_TYPES:
        return [0, 1, 6, 12, 24, 36, 300, 5000, 10_000]
    return []


def can_change(verdict: Verdict, question: AskedQuestion, case: Case, rules: RuleSet) -> bool:
    """Whether two answers to ``question`` give verdicts that differ on something the consumer can act on,
    the other open facts its conclusions also wait for (a defect's two dates) being filled alike with their
    first, middle or last probe value. Event fields and free text cannot be probed: they are kept."""
    from garantie._evaluate import evaluate  # the evaluator builds verdicts with this module

    contract = case.purchase.contract_date
    values = probe_values(question, contract, verdict.as_of)
    if "[" in question.path or not values:
        return True
    wanted = set(question.needed_for)
    partners = [(q.path, probe_values(q, contract, verdict.as_of)) for q in verdict.to_ask
                if q.path != question.path and "[" not in q.path and wanted & set(q.needed_for)]
    partners = [(path, tried) for path, tried in partners if tried]
    base = case.model_dump(mode="json", exclude_none=True)
    fillings: list[dict[str, Any]] = [{}]  # as is, then partners at their first, last and middle values
    fillings += [{path: tried[pick(len(tried))] for path, tried in partners}
                 for pick in (lambda n: 0, lambda n: n - 1, lambda n: n // 2)]
    for filling in fillings:
        data = _with(base, filling)
        seen: set[tuple[Any, ...]] = set()
        for value in values:
            try:
                seen.add(fingerprint(evaluate(_with(data, {question.path: value}), rules=rules)))
            except GarantieError:
                continue  # an answer the case cannot take (a date before the contract …)
            if len(seen) > 1:
                return True
    return False


def _with(data: dict[str, Any], values: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of the JSON-shaped case ``data`` with the dotted paths set (sections created as needed)."""
    out: dict[str, Any] = json.loads(json.dumps(data))
    for path, value in values.items():
        node = out
        parts = path.split(".")
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value.isoformat() if isinstance(value, dt.date) else value
    return out
