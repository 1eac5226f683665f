"""Normalised text: folded words with their offsets in the input, and sentences.

>>> [t.word for t in tokens("L'Acheteur a « 2 ans » (art. L. 217-9).")]
['l', 'acheteur', 'a', '2', 'ans', 'art', 'l217-9']
>>> text = "Garantie : 1 an. Voir l'art. L. 217-9 ; merci !"
>>> [text[s.start:s.end] for s in sentences(text)]
['Garantie : 1 an.', "Voir l'art. L. 217-9 ;", 'merci !']
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

__all__ = ["Sentence", "Token", "fold", "sentences", "tokens"]

# Letters the Unicode decomposition leaves whole, spelled as French writes them without ligatures.
_LIGATURES = {"œ": "oe", "æ": "ae", "ß": "ss", "ø": "o", "ł": "l", "đ": "d"}
_WORD = re.compile(r"[a-z]+|[0-9]+(?:-[0-9]+)*")
_ARTICLE_NUMBER = re.compile(r"^[0-9]{3}-[0-9]+(?:-[0-9]+)?$")
# A sentence ends at . ! ? ; or a blank line, or before a bulleted line.
_END = re.compile(r"[.!?;]+(?=\s|$)|\n[ \t]*\n\s*|\n(?=[ \t]*(?:[-•*·]|[0-9]{1,2}[.)])[ \t])")
# A heading: a short line opening with Article, a number or a roman numeral, or in capitals, with no final
# punctuation, followed by a line starting with a capital or a digit.
_HEADING = re.compile(r"(?m)^[ \t]*(?:(?i:article|art\.|section|chapitre|titre)\b"
                      r"|[0-9]{1,2}(?:\.[0-9]{1,2})*[.)\-–]?[ \t]|[IVX]{1,5}[.)\-–][ \t]|(?=[^a-zà-ÿ\n]{4,}$))"
                      r"[^\n]{0,80}[^.;:,!?\s](?=\n[ \t]*[A-ZÀ-Ý0-9])")
# Words after which a full stop is an abbreviation, not the end of a sentence.
_ABBREVIATIONS = frozenset({"art", "al", "cf", "ex", "n", "no", "p", "m", "mme", "st", "l", "r", "d", "c", "etc",
                            "min", "max", "env", "approx", "nb", "conso", "civ", "ord"})


@dataclass(frozen=True)
class Token:
    """A folded word and where it is in the input (``text[start:end]``)."""

    word: str
    start: int
    end: int


@dataclass(frozen=True)
class Sentence:
    """A sentence of the input, trimmed: ``text[start:end]`` is what a finding quotes."""

    start: int
    end: int
    tokens: tuple[Token, ...]


@functools.lru_cache(maxsize=8192)  # a text uses few distinct characters: fold each once
def _fold_char(char: str) -> str:
    lower = char.lower()
    if lower in _LIGATURES:
        return _LIGATURES[lower]
    base = "".join(c for c in unicodedata.normalize("NFKD", lower) if not unicodedata.combining(c))
    return base if (base.isascii() and base.isalnum()) or base == "-" else " "


def fold(text: str) -> str:
    """Case, accents and ligatures folded; apostrophes, punctuation and spaces become single spaces."""
    return " ".join(t.word for t in tokens(text))


def tokens(text: str, offset: int = 0) -> tuple[Token, ...]:
    """The words of ``text`` (folded) with their offsets; ``L. 217-9`` becomes one word ``l217-9``."""
    folded: list[str] = []
    origin: list[int] = []  # origin[i]: index in text of folded character i
    for index, char in enumerate(text):
        piece = _fold_char(char)
        folded.append(piece)
        origin.extend([index] * len(piece))
    flat = "".join(folded)
    found: list[Token] = []
    for match in _WORD.finditer(flat):
        start, end = origin[match.start()] + offset, origin[match.end() - 1] + 1 + offset
        word = match.group()
        previous = found[-1] if found else None
        if previous and previous.word in ("l", "r", "d") and _ARTICLE_NUMBER.match(word):
            found[-1] = Token(previous.word + word, previous.start, end)  # an article: L. 217-9
            continue
        found.append(Token(word, start, end))
    return tuple(found)


def sentences(text: str) -> list[Sentence]:
    """The sentences of ``text``. A single line break does not end one (text wrapped by an editor), unless it
    follows a heading line ("Article 7 – Garantie", "5. SAV") and the next line starts with a capital."""
    ends = [(m.end(), m.end()) for m in _HEADING.finditer(text)]
    for match in _END.finditer(text):
        if match.group().startswith(".") and _abbreviation_before(text, match.start()):
            continue
        ends.append((match.end() if not match.group()[0].isspace() else match.start(), match.end()))
    out: list[Sentence] = []
    start = 0
    for end, resume in sorted(ends):
        if end >= start:
            _add(text, start, end, out)
            start = max(start, resume)
    _add(text, start, len(text), out)
    return out


def _abbreviation_before(text: str, dot: int) -> bool:
    window = max(0, dot - 8)  # look back a few characters only: a long text stays linear
    newline = text.rfind("\n", window, dot)
    if (newline >= 0 or window == 0) and re.fullmatch(r"[ \t]*(?:[0-9]{1,2}(?:\.[0-9]{1,2})*|[IVX]{1,5})",
                                                      text[newline + 1:dot]):
        return True  # the number of a heading or of a list item: "5. Garantie"
    word = re.search(r"([A-Za-zÀ-ÿ]+)$", text[max(0, dot - 12):dot])
    return word is not None and "".join(map(_fold_char, word.group(1))) in _ABBREVIATIONS


def _add(text: str, start: int, end: int, out: list[Sentence]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        words = tokens(text[start:end], start)
        if words:
            out.append(Sentence(start, end, words))
