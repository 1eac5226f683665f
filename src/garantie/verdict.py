"""The reasoned verdict ``evaluate()`` returns.

A verdict is a frozen Pydantic model: ``verdict.model_dump_json()`` serialises it and
``Verdict.model_validate_json()`` reads it back unchanged. ``schema_version`` changes
whenever a field changes meaning. ``verdict.explain("fr")`` renders it as text; the
French text is authoritative, the English one a translation.
"""


import datetime as dt
from collections.abc import Callable, Collection
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    SerializationInfo,
    SerializerFunctionWrapHandler,
    ValidatorFunctionWrapHandler,
    model_serializer,
    model_validator,
)

from garantie import _compact

__all__ = [
    "SCHEMA_VERSION",
    "AskedQuestion",
    "Assumption",
    "Basis",
    "Choice",
    "CitationRef",
    "ConformityWarranty",
    "EitherWay",
    "Language",
    "LiabilityPeriod",
    "Provenance",
    "Question",
    "Reason",
    "Remedy",
    "Step",
    "Topic",
    "TraceStep",
    "Verdict",
    "VerdictWarning",
]

# 1.1: assumptions, status_confidence, defect_reported; 1.2: next_steps; 1.3: provenance; 1.4: valid_until;
# 1.5: either_way and to_ask (the questions a form asks next); 1.6: from_as_of (dates counted from as_of are
# written relative to it in the compact JSON)
SCHEMA_VERSION = "1.6"
Language = Literal["fr", "en"]
BasisStatus = Literal["applies", "may_be_invoked", "does_not_apply", "time_barred", "undetermined"]
UndeterminedReason = Literal["missing_facts", "no_rule_applies"]
ReasonValue = str | int | bool | None
Confidence = Literal["high", "medium", "unverified"]


class _Out(BaseModel):
    # defer_build: the verdict is built by _plan.construct, so a first verdict needs no validator or
    # serializer; each schema is built when first used (a dump, a validation).
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


def _texts_schema(schema: dict[str, Any]) -> None:
    properties = schema.setdefault("properties", {})
    properties["fr"] = {"type": "string", "title": "Fr", "description": "The French sentence (authoritative); "
                        "present with include_texts=True (the API's and batch records' default)."}
    properties["en"] = {"type": "string", "title": "En", "description": "The English sentence; present with "
                        "include_texts=True."}


class _Texted(_Out):
    """An output whose FR/EN sentences are rendered when first read, not when the verdict is built.

    The decision is in the fields; ``fr``/``en`` are properties. The engine attaches a renderer; a model
    read back from JSON that carried the texts (``include_texts=True``) keeps them as they were. They are
    left out of equality and out of the compact JSON, and dumped when asked (``include_texts=True``).
    """

    # The JSON Schema lists the sentences as optional: the API and batch records carry them by default.
    model_config = ConfigDict(json_schema_extra=lambda schema: _texts_schema(schema))

    @model_validator(mode="wrap")
    @classmethod
    def _take_texts(cls, data: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        texts = None
        if isinstance(data, dict) and ("fr" in data or "en" in data):
            data = dict(data)
            texts = {"fr": data.pop("fr", ""), "en": data.pop("en", "")}
        made = handler(data)
        if texts is not None:
            made.__dict__["_texts"] = texts
        return made

    @model_serializer(mode="wrap")
    def _dump_texts(self, handler: SerializerFunctionWrapHandler, info: SerializationInfo) -> Any:
        out = handler(self)
        if isinstance(info.context, dict) and info.context.get("include_texts"):
            out["fr"], out["en"] = self.fr, self.en
        return out

    def _text(self, lang: str) -> str:
        texts: dict[str, str] | Callable[[str], str] | None = self.__dict__.get("_texts")
        if texts is None:
            raise AttributeError(f"no {lang} text: this {type(self).__name__} was read from compact JSON; "
                                 "dump verdicts with include_texts=True to keep their sentences")
        if callable(texts):  # render both once, on the first read
            texts = self.__dict__["_texts"] = {"fr": texts("fr"), "en": texts("en")}
        return texts[lang]

    @property
    def fr(self) -> str:
        """The French sentence (authoritative), rendered on first read."""
        return self._text("fr")

    @property
    def en(self) -> str:
        """The English sentence, rendered on first read."""
        return self._text("en")


class CitationRef(_Out):
    """One source cited by a reason (an article version that governs the case's contract, a judgment, a page)."""

    id: str
    kind: Literal["article", "judgment", "web_page", "unidentified_provision", "contract_terms"] = Field(
        default="article", description="What is cited; only an article renders 'art.' in its label; "
        "contract_terms is a company's own clause (an overlay), shown as such, never as law.")
    code: str = Field(description="The code or text; for a judgment the court; for a web page its publisher.")
    article: str = Field(description="The article number; for a judgment its date and numbers; for a web page "
                         "its title; for an unidentified provision what it says.")
    version: str
    legifrance_id: str | None = Field(description="LEGIARTI, JORFARTI, JURITEXT or CELEX id; 'unknown' when it "
                                      "could not be established; none for a web page.")
    url: str | None
    in_force_from: dt.date | None
    in_force_to: dt.date | None
    label: str


class Reason(_Texted):
    """One conclusion, the rule that reached it, its citations and its text filled with the case's dates."""

    rule_id: str
    conclusion: str
    value: ReasonValue = Field(description="The conclusion's value; dates as ISO 8601 text.")
    citations: tuple[CitationRef, ...]
    confidence: Literal["high", "medium", "unverified"]
    grounds_confidence: Confidence | None = Field(
        default=None, description="The lowest confidence among this rule and the rules its conclusion rests on.")
    moot: bool = Field(default=False, description="It only details a basis that does not apply (kept for the record; "
                       "the text rendering leaves it out).")

    def text(self, lang: Language) -> str:
        return self.fr if lang == "fr" else self.en


class Question(_Out):
    """A fact the verdict needs: its field path, the question, and what it would settle."""

    path: str
    fr: str
    en: str
    needed_for: tuple[str, ...]


class Choice(_Out):
    """One value an enum question accepts, with the label a person reads."""

    value: str
    fr: str
    en: str


class AskedQuestion(Question):
    """A question ready for a form: how to ask it, what it settles and in which order (issue 13)."""

    type: Literal["date", "bool", "enum", "int", "money", "text"]
    choices: tuple[Choice, ...] = Field(default=(), description="Enum questions: the values with their labels.")
    required_for_fr: str | None = None
    required_for_en: str | None = None
    settles: int = Field(description="How many open statuses the answer could decide (the ranking key).")
    priority: int = Field(default=0, description="Declared priority, breaking ties between equal 'settles'.")


class EitherWay(_Out):
    """An undetermined conclusion whose possible values all give the consumer the same right."""

    conclusion: str
    could_be: tuple[str, ...]
    fr: str
    en: str

    def text(self, lang: Language) -> str:
        return self.fr if lang == "fr" else self.en


class Assumption(_Out):
    """A fact the case leaves unknown whose proof lies on the other party: the verdict holds the value that
    stands until that party proves otherwise, and keeps the question that would settle it."""

    path: str = Field(description="The fact's field path, e.g. defect.accepted_deviation.")
    value: ReasonValue = Field(description="The value the verdict holds absent proof.")
    proof_by: Literal["seller"] = Field(description="Who must prove otherwise.")
    confidence: Confidence = Field(description="How sure the allocation of the burden is.")
    fr: str
    en: str
    question: Question = Field(description="The question that would replace the assumption by a fact; "
                               "needed_for lists the conclusions the assumption settled.")

    def text(self, lang: Language) -> str:
        return self.fr if lang == "fr" else self.en


class VerdictWarning(_Texted):
    """Something the reader must weigh before relying on the verdict."""

    code: Literal["unverified_rule", "law_checked_before_case", "caveat"]
    rule_id: str | None = None

    def text(self, lang: Language) -> str:
        return self.fr if lang == "fr" else self.en


class TraceStep(_Out):
    """A rule that fired: retained (it decides) or overridden by one of its exceptions."""

    rule_id: str
    conclusion: str
    value: ReasonValue
    outcome: Literal["retained", "overridden"]


class LiabilityPeriod(_Out):
    """The legal conformity warranty's liability period and how its end was computed."""

    start: dt.date | None = Field(description="Delivery, or delivery of a replacement that renewed the period.")
    base_end: dt.date | None = Field(description="Start plus the base duration (2 years, or the digital supply).")
    suspension_days: int | None = Field(description="Days of immobilisation and negotiation that suspended it.")
    extension_months: int | None = Field(description="Months added after a repair under the warranty.")
    renewed_on: dt.date | None = Field(description="Day a replacement imposed after a repair request renewed it.")
    end: dt.date | None = Field(description="Last day on which a defect may appear and be covered.")
    end_moving: bool | None = Field(
        default=None, description="True while an immobilisation or negotiation still suspends the period: `end` is "
        "then the earliest end, pushed back a day for each day until it stops.")


class ConformityWarranty(_Out):
    """The garantie légale de conformité for this case."""

    status: BasisStatus
    undetermined_reason: UndeterminedReason | None = None
    could_be: tuple[str, ...] = Field(
        default=(), description="When undetermined: the statuses the missing facts could still lead to.")
    status_confidence: Confidence | None = Field(
        default=None, description="When settled: the lowest confidence among the rules the status rests on, directly "
        "or through the conclusions they read (unverified: the status is probable, to be confirmed).")
    regime: str | None = Field(description="The regime the contract date selects.")
    liability: LiabilityPeriod
    presumption_end: dt.date | None = Field(
        description="Defects appearing on or before this day are presumed to have existed at delivery.")
    anteriority: Literal["presumed", "consumer_must_prove", "rebutted"] | None
    burden_of_proof: Literal["seller", "consumer"] | None = Field(
        description="Who must prove whether the defect existed at delivery.")
    action_deadline: dt.date | None = Field(description="Last day to bring the action (time bar).")
    reasons: tuple[Reason, ...]


class Basis(_Out):
    """One legal basis other than the legal conformity warranty (commercial warranty, hidden defects,
    delivery, withdrawal …), settled by the rules whose conclusions start with its prefix."""

    basis: str = Field(description="e.g. commercial_warranty, hidden_defects, delivery, withdrawal.")
    status: BasisStatus
    undetermined_reason: UndeterminedReason | None = None
    could_be: tuple[str, ...] = Field(
        default=(), description="When undetermined: the statuses the missing facts could still lead to.")
    status_confidence: Confidence | None = Field(
        default=None, description="When settled: the lowest confidence among the rules the status rests on, directly "
        "or through the conclusions they read (unverified: the status is probable, to be confirmed).")
    dates: dict[str, dt.date] = Field(description="Its key dates, by conclusion name (e.g. deadline).")
    facts: dict[str, ReasonValue] = Field(description="Its other settled conclusions, by name.")
    reasons: tuple[Reason, ...]
    questions: tuple[Question, ...] = Field(default=(), description="What would settle its status, if unknown.")


class Remedy(_Out):
    """What the consumer can demand now: repair, replacement, price reduction or termination."""

    remedy: Literal["repair", "replacement", "price_reduction", "termination"]
    status: Literal["available", "not_yet", "excluded", "exhausted", "undetermined"]
    undetermined_reason: UndeterminedReason | None = None
    status_confidence: Confidence | None = Field(
        default=None, description="When settled: the lowest confidence among the rules the status rests on, directly "
        "or through the conclusions they read (unverified: the status is probable, to be confirmed).")
    dates: dict[str, dt.date] = Field(description="Relevant dates, by conclusion name (e.g. opens_on).")
    reasons: tuple[Reason, ...]


class Topic(_Out):
    """Answers on a side question (applicable law, payment disputes, next steps …)."""

    topic: str
    conclusions: dict[str, ReasonValue]
    reasons: tuple[Reason, ...]


StepStatus = Literal["done", "due_now", "open", "not_yet", "closed", "not_applicable", "undetermined"]


class Step(_Texted):
    """One step of the escalation path (written claim, formal notice, mediator, conciliator, court …), settled by
    the rules whose conclusions start with ``escalation.<step>``. Its ``fr``/``en`` (why it has this status and
    what to do: the status reason's text) are rendered when first read, like a reason's."""

    step: str = Field(description="e.g. written_claim, formal_notice, consumer_mediation, amicable_attempt, court.")
    status: StepStatus = Field(
        description="done: the history shows it done; due_now: to do now; open: possible; not_yet: after an "
        "earlier step; closed: a time limit passed or it can no longer help (the text says why); not_applicable; "
        "undetermined: facts are missing.")
    title: dict[str, str] = Field(description="What the step is and whom to address, by language (fr, en).")
    opens_on: dt.date | None = None
    last_day: dt.date | None = None
    done_on: dt.date | None = Field(default=None, description="When done: the day the history shows it done.")
    dates: dict[str, dt.date] = Field(default_factory=dict, description="Every date of the step, by name.")
    reasons: tuple[Reason, ...] = Field(description="Every reason of the step, with its citations.")

    def text(self, lang: Language) -> str:
        return self.fr if lang == "fr" else self.en


class Provenance(_Out):
    """Which code and which law produced a verdict: equal provenances and equal cases give equal verdicts."""

    garantie: str = Field(description="The garantie version.")
    rules_digest: str = Field(description="'sha256:' and the hash of the rule files (relative paths and bytes, "
                              "in path order; CRLF read as LF): it changes whenever a rule file changes.")
    rules_verified_on: dt.date | None = Field(description="The latest date a rule was checked against the law.")
    schema_version: str = Field(description="The verdict schema version.")


class Verdict(_Out):
    """What the consumer is owed, why, and what is still unknown."""

    schema_version: str = SCHEMA_VERSION
    as_of: dt.date
    contract_date: dt.date
    status: Literal["actionable", "not_actionable", "undetermined"] = Field(
        description="actionable: at least one legal basis applies now; not_actionable: none does, whatever "
        "the missing facts; undetermined: a basis could still apply, depending on missing facts (facts about a "
        "defect do not count when the case reports none).")
    legal_conformity: ConformityWarranty
    remedies: tuple[Remedy, ...] = Field(
        default=(), description="Remedies under the legal conformity warranty, when it applies or may apply.")
    recommended: Reason | None = Field(default=None, description="The single next step recommended, and why.")
    bases: tuple[Basis, ...] = Field(default=(), description="Every other legal basis examined.")
    strongest: Reason | None = Field(default=None, description="Which basis is strongest now, and why.")
    topics: tuple[Topic, ...] = ()
    next_steps: tuple[Step, ...] = Field(
        default=(), description="The escalation path, in order, each step with its status, dates and reasons.")
    reasons: tuple[Reason, ...]
    questions: tuple[Question, ...] = Field(
        description="What the legal conformity warranty and its remedies still need; each basis lists its own.")
    assumptions: tuple[Assumption, ...] = Field(
        default=(), description="Unknown facts the seller must prove, held at the value that stands absent its "
        "proof (each with the question that would settle it).")
    valid_until: dt.date | None = Field(
        default=None, description="The first day after as_of on which the decision (statuses, dates, values, rules, "
        "questions) could change if no new fact arrives: a deadline passing, a presumption or warranty ending, a "
        "refund turning late; as_of + 1 while a running count moves it daily. None: time alone never changes it. "
        "Re-judge a stored verdict only when this day has come or the case changed.")
    from_as_of: dict[str, int] = Field(
        default_factory=dict, description="Rules whose value is as_of plus a fixed number of days, whatever the "
        "day (rule id -> days): the deadline a formal notice sent today should give (e.g. 15), the filing date of a "
        "court claim not yet filed, read as today (0), a refund still awaited measured today (0). Their dates "
        "are as_of + days here and in the full JSON; the compact JSON writes them {\"as_of_plus\": days}, so "
        "that the decision does not change from one day to the next only because they follow as_of.")
    either_way: tuple[EitherWay, ...] = Field(
        default=(), description="Undetermined conclusions every possible value of which gives the same right "
        "(could_be kept): the right is stated, and the overall status counts it as settled.")
    to_ask: tuple[AskedQuestion, ...] = Field(
        default=(), description="The questions worth asking now, best first: none waits for an unanswered "
        "question it depends on, each could decide an open status, remedy or deadline (see next_questions).")
    defect_reported: bool = Field(
        default=True, description="Whether the case reports a defect; without one, questions about a defect are side "
        "questions and do not leave the verdict undetermined.")
    warnings: tuple[VerdictWarning, ...]
    trace: tuple[TraceStep, ...]
    provenance: Provenance = Field(description="The garantie version and the rule set that produced this verdict.")

    @model_validator(mode="before")
    @classmethod
    def _expand(cls, data: Any) -> Any:
        return _compact.expand(data)

    def model_dump_json(self, *, include_texts: bool = False, compact: bool | None = None,
                        **kwargs: Any) -> str:
        """JSON of the verdict. By default the compact decision: no sentences, each citation once (reasons
        cite ids), each reason once (sections list rule ids). ``include_texts=True``: the full verdict with
        every FR/EN sentence, each reason in full in its section (the shape of schema 1.1). Both read back
        with ``Verdict.model_validate_json``."""
        if include_texts or compact is False:
            return super().model_dump_json(context={"include_texts": include_texts}, **kwargs)
        indent = kwargs.pop("indent", None)
        return _compact.dumps(_compact.compact(self.model_dump(mode="json", **kwargs)), indent)

    def model_dump(self, *, include_texts: bool = False, **kwargs: Any) -> dict[str, Any]:
        """The verdict as a dict (full shape); its sentences only with ``include_texts=True``."""
        if include_texts:
            kwargs["context"] = {**(kwargs.get("context") or {}), "include_texts": True}
        return super().model_dump(**kwargs)

    # The case and rules the verdict came from, to probe next_questions (never serialised).
    _case: Any = PrivateAttr(default=None)
    _rules: Any = PrivateAttr(default=None)

    def __eq__(self, other: object) -> bool:
        """Equal when every field is: a verdict read back from JSON equals the one evaluated."""
        if not isinstance(other, Verdict):
            return NotImplemented
        return type(self) is type(other) and self.__dict__ == other.__dict__

    def explain(self, lang: Language = "fr") -> str:
        """The verdict as text a consumer or an after-sales agent can act on."""
        from garantie._explain import render

        return render(self, lang)

    def next_questions(self, limit: int = 3, skip: Collection[str] = ()) -> tuple[AskedQuestion, ...]:
        """The ``limit`` questions to ask now, from ``to_ask`` (ranked by how many open statuses they could
        decide, ties by declared priority), keeping only those some answer would change a status, remedy,
        date or next step for. ``skip``: paths the person could not answer. A verdict read back from JSON has
        no case to probe: it returns to_ask's first."""
        if self._case is None:
            return tuple(q for q in self.to_ask if q.path not in skip)[:limit]
        from garantie._ask import can_change

        out: list[AskedQuestion] = []
        for question in self.to_ask:
            if question.path in skip:
                continue
            if len(out) == limit:
                break
            if can_change(self, question, self._case, self._rules):
                out.append(question)
        return tuple(out)

    def cited_articles(self) -> list[str]:
        """Every distinct citation label (article, judgment, page) cited by the reasons, in order."""
        seen: dict[str, None] = {}
        for reason in self.reasons:
            for citation in reason.citations:
                seen.setdefault(citation.label, None)
        return list(seen)
