"""Facts the other party must prove: evaluate with the value that holds absent its proof.

A seller's defence (the consumer accepted the deviation, knew the defect, an external cause …) is
the seller's to prove; the consumer need not disprove it. When such a fact is unknown and a question
would ask for it, the case is evaluated again with the value the questions file gives as
``absent_proof``, and the verdict records the assumption with the question that would replace it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from pydantic import BaseModel

from garantie._engine import Evaluation, Outcome
from garantie._facts import question_key
from garantie.case import Case
from garantie.ruleset import RuleSet
from garantie.verdict import Assumption, Question

__all__ = ["settle"]

# path -> the conclusions a question for it would settle
Asked = Callable[[Evaluation], Mapping[str, tuple[str, ...]]]


def settle(ruleset: RuleSet, case: Case, asked: Asked,
           run: Callable[[RuleSet, Case], Evaluation] = Evaluation, *,
           reuse: bool = True) -> tuple[Evaluation, tuple[Assumption, ...]]:
    """The evaluation of ``case`` once every asked fact the seller must prove holds its absent-proof value.
    ``run`` settles the conclusions of a case (the default engine, or a second backend's). ``reuse=False``
    runs it again for a case equal to one already evaluated (the check of the reuse)."""
    done: list[Evaluation] = []

    def evaluate(case: Case) -> Evaluation:
        # Taking an assumption back often returns to a case already evaluated (the input itself): an
        # evaluation depends on the case's values only, so that one is reused rather than run again.
        for known in done if reuse else ():
            if known.case == case:
                return known
        done.append(run(ruleset, case))
        return done[-1]

    evaluation = evaluate(case)
    made: dict[str, Assumption] = {}
    while True:
        added = False
        for path, needed_for in asked(evaluation).items():
            doc = ruleset.questions.get(question_key(path))
            if doc is None or doc.proof_by != "seller" or path in made:
                continue
            updated = _with_value(case, path.split("."), doc.absent_proof)
            if updated is None:
                continue  # the case reports no such object (no defect): nothing to presume about it
            assert doc.assumption is not None and doc.proof_confidence is not None  # the loader checks it
            case, added = updated, True
            made[path] = Assumption(
                path=path, value=doc.absent_proof, proof_by="seller", confidence=doc.proof_confidence,
                fr=doc.assumption.fr, en=doc.assumption.en,
                question=Question(path=path, fr=doc.fr, en=doc.en, needed_for=needed_for))
        if not added:
            break
        # Each round fixes at least one more fact of a finite set, so this ends.
        evaluation = evaluate(case)
    # Keep only the assumptions something rests on: one whose removal leaves every conclusion it was asked for
    # as it is (a basis still waiting for the consumer's answer, or a fact another answer made moot) would only
    # add noise; take it back, and its question is asked as before when it still matters.
    for path in list(made):
        without = _with_value(case, path.split("."), None)
        trial = evaluate(without)
        if all(_same(trial.outcomes[key], evaluation.outcomes[key]) for key in made[path].question.needed_for):
            case, evaluation = without, trial
            del made[path]
    return evaluation, tuple(made.values())


def _same(one: Outcome, other: Outcome) -> bool:
    return one.determined == other.determined and (not one.determined or one.value == other.value)


def _with_value(model: Any, parts: list[str], value: Any) -> Any:
    """A copy of ``model`` with the field at ``parts`` set; None when an object on the way is absent."""
    if not isinstance(model, BaseModel):
        return None
    if len(parts) == 1:
        return model.model_copy(update={parts[0]: value})
    inner = _with_value(getattr(model, parts[0], None), parts[1:], value)
    return None if inner is None else model.model_copy(update={parts[0]: inner})
