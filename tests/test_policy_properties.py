"""Properties of the seller-policy check (Hypothesis)."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from garantie.policy import PolicyInputError, PolicyReport, check_policy, load_clauses
from garantie.policy._text import fold, sentences

POLICIES = Path(__file__).parent / "policies"
DATE = "2024-05-02"


def _sentences_of(name: str) -> list[str]:
    text = (POLICIES / name).read_text(encoding="utf-8")
    return [text[s.start:s.end] for s in sentences(text) if text[s.start:s.end].endswith(".")]


# Lawful sentences: those of the lawful policies (each gives no finding, alone or together).
LAWFUL = _sentences_of("lawful_2024.txt") + _sentences_of("lawful_2019.txt")
# Flagged sentences: the French must-match examples of the patterns that read single sentences.
FLAGGED = [text for p in load_clauses().patterns.values() if p.document_lacks is None and p.applies_to(
    __import__("datetime").date(2024, 5, 2)) for text in p.doc.examples.match[:3]]
SENTENCE = st.sampled_from(LAWFUL + FLAGGED)


def _found(report: PolicyReport) -> set[tuple[str, str]]:
    return {(f.rule_id, fold(f.clause.text) if f.clause else "") for f in report.findings}


@settings(max_examples=60, deadline=None)
@given(st.lists(SENTENCE, min_size=1, max_size=8), st.sampled_from(LAWFUL), st.integers(0, 8),
       st.sampled_from([" ", "\n\n"]))
def test_adding_a_lawful_sentence_never_adds_a_finding(parts: list[str], lawful: str, at: int, glue: str) -> None:
    """For any policy made of known sentences, inserting one more lawful sentence anywhere between two
    sentences yields a subset of the findings (it may only supply a missing mention)."""
    before = check_policy(glue.join(parts), contract_date=DATE)
    after = check_policy(glue.join([*parts[:at], lawful, *parts[at:]]), contract_date=DATE)
    assert _found(after) <= _found(before)


def _strip_accents(text: str) -> str:
    return unicodedata.normalize("NFC", "".join(c for c in unicodedata.normalize("NFD", text)
                                                if not unicodedata.combining(c)))


@settings(max_examples=60, deadline=None)
@given(st.lists(SENTENCE, min_size=1, max_size=6), st.sampled_from([str.upper, str.lower, str.swapcase,
                                                                    _strip_accents, lambda t: t.replace("'", "’")]))
def test_findings_are_stable_under_case_and_accents(parts: list[str], change: object) -> None:
    """Upper or lower case, swapped case, accents removed or typographic apostrophes give the same findings
    (rule and folded quote)."""
    text = " ".join(parts)
    assert callable(change)
    assert _found(check_policy(change(text), contract_date=DATE)) == _found(check_policy(text, contract_date=DATE))


@settings(max_examples=60, deadline=None)
@given(st.lists(SENTENCE, min_size=1, max_size=6), st.data())
def test_findings_are_stable_under_line_breaks(parts: list[str], data: st.DataObject) -> None:
    """Wrapping lines (a space before a lowercase word becomes a line break, as an editor wraps text) gives
    the same findings. A break before a capital after a heading-like line may end a sentence: not tested here."""
    text = " ".join(parts)
    spaces = [i for i, c in enumerate(text) if c == " " and text[i + 1:i + 2].islower()]
    chosen = set(data.draw(st.lists(st.sampled_from(spaces), max_size=10))) if spaces else set()
    wrapped = "".join("\n" if i in chosen else c for i, c in enumerate(text))
    assert _found(check_policy(wrapped, contract_date=DATE)) == _found(check_policy(text, contract_date=DATE))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(SENTENCE, st.text(max_size=40)), min_size=1, max_size=6),
       st.sampled_from(["", " ", "\n", "\n\n", " ; ", "\r\n"]))
def test_offsets_always_slice_the_input_to_the_quote(parts: list[str], glue: str) -> None:
    """For any text, even with arbitrary Unicode between known sentences, every quoted clause is exactly
    the input sliced at its offsets, and mentions found quote the input the same way."""
    text = glue.join(parts)
    try:
        report = check_policy(text, contract_date=DATE)
    except PolicyInputError:
        assume(False)
        return
    for clause in [f.clause for f in report.findings] + [m.clause for m in report.mentions]:
        if clause is not None:
            assert text[clause.start:clause.end] == clause.text
            assert clause.text == clause.text.strip() and clause.text
