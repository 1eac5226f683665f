"""The clause-pattern language: terms, keyword groups, proximity, negation and durations, compiled to matchers.

A condition is a mapping with one key:

- ``has: [terms]`` — the sentence contains one of the terms;
- ``near: {within: N, of: [[terms], [terms], …]}`` — one term of each list, all starting within N words;
- ``all: [conditions]``, ``any: [conditions]``, ``not: condition``;
- ``duration_under: {months: N}`` — the sentence states a duration shorter than N months ("90 jours", "un an").

A term is a word or a phrase, folded like the text (case, accents, apostrophes); a word ending in ``*``
matches any ending (``rembours*``, ``defectueu* a la livraison``); ``@name`` stands for every term of the
keyword group ``name``.

>>> lang = Language({"remedy": ["reparation", "remplacement"]})
>>> cond = lang.compile({"all": [{"near": {"within": 5, "of": [["vendeur"], ["choisi*"], ["@remedy"]]}},
...                              {"not": {"has": ["consommateur"]}}]}, "match")
>>> from garantie.policy._text import tokens
>>> cond.test(lang.hits(tokens("Le vendeur choisit la réparation.")))
True
>>> cond.test(lang.hits(tokens("Le consommateur choisit ; le vendeur exécute la réparation.")))
False
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from garantie.policy._text import Token, fold

__all__ = ["Condition", "Hits", "Language", "PatternError"]


class PatternError(ValueError):
    """A pattern that does not follow the language; ``key`` says where in the pattern."""

    def __init__(self, message: str, key: str) -> None:
        super().__init__(message)
        self.key = key


@dataclass(frozen=True)
class _Term:
    words: tuple[str, ...]
    prefix: tuple[bool, ...]  # per word: it matches any word it begins (written with a final *)


@dataclass
class Hits:
    """Where each term occurs in one sentence (word positions), and the sentence's words."""

    words: tuple[str, ...]
    at: dict[int, list[int]] = field(default_factory=dict)  # term index -> start positions


class Condition:
    """A compiled condition over one sentence."""

    def test(self, hits: Hits) -> bool:
        raise NotImplementedError

    def terms(self) -> set[int]:
        """The terms it reads (for documentation and checks)."""
        return set()

    def needs(self) -> frozenset[int] | None:
        """Terms one of which a sentence must contain for the condition to hold (None: no such set)."""
        return None


@dataclass(frozen=True)
class _Has(Condition):
    ids: frozenset[int]

    def test(self, hits: Hits) -> bool:
        if len(hits.at) < len(self.ids):  # walk the smaller side: a sentence has few terms, a group many
            return any(i in self.ids for i in hits.at)
        return any(i in hits.at for i in self.ids)

    def terms(self) -> set[int]:
        return set(self.ids)

    def needs(self) -> frozenset[int] | None:
        return self.ids


@dataclass(frozen=True)
class _Near(Condition):
    slots: tuple[frozenset[int], ...]
    within: int
    slot_of: dict[int, tuple[int, ...]] = field(init=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        slot_of: dict[int, list[int]] = {}
        for slot, ids in enumerate(self.slots):
            for i in ids:
                slot_of.setdefault(i, []).append(slot)
        object.__setattr__(self, "slot_of", {i: tuple(s) for i, s in slot_of.items()})

    def test(self, hits: Hits) -> bool:
        events = sorted((pos, slot) for i, positions in hits.at.items() for slot in self.slot_of.get(i, ())
                        for pos in positions)
        if len({slot for _, slot in events}) < len(self.slots):
            return False
        counts = [0] * len(self.slots)
        covered = 0
        left = 0
        for pos, slot in events:  # smallest window holding every slot, by sliding its left edge
            counts[slot] += 1
            covered += counts[slot] == 1
            while covered == len(self.slots):
                if pos - events[left][0] < self.within:
                    return True
                counts[events[left][1]] -= 1
                covered -= counts[events[left][1]] == 0
                left += 1
        return False

    def terms(self) -> set[int]:
        return set().union(*self.slots)

    def needs(self) -> frozenset[int] | None:
        return min(self.slots, key=len)


@dataclass(frozen=True)
class _All(Condition):
    parts: tuple[Condition, ...]

    def test(self, hits: Hits) -> bool:
        return all(p.test(hits) for p in self.parts)

    def terms(self) -> set[int]:
        return set().union(*(p.terms() for p in self.parts))

    def needs(self) -> frozenset[int] | None:
        found = [n for n in (p.needs() for p in self.parts) if n is not None]
        return min(found, key=len) if found else None


@dataclass(frozen=True)
class _Any(_All):
    def test(self, hits: Hits) -> bool:
        return any(p.test(hits) for p in self.parts)

    def needs(self) -> frozenset[int] | None:
        found = [p.needs() for p in self.parts]
        return None if any(n is None for n in found) else frozenset().union(*(n for n in found if n is not None))


@dataclass(frozen=True)
class _Not(Condition):
    part: Condition

    def test(self, hits: Hits) -> bool:
        return not self.part.test(hits)

    def terms(self) -> set[int]:
        return self.part.terms()


@dataclass(frozen=True)
class _DurationUnder(Condition):
    months: float

    def test(self, hits: Hits) -> bool:
        return any(months < self.months for months in durations(hits.words))


_NUMBERS = {"un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8,
            "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "quinze": 15, "vingt": 20, "trente": 30,
            "quarante": 40, "soixante": 60, "cent": 100, "one": 1, "two": 2, "three": 3, "twelve": 12,
            "fifteen": 15, "thirty": 30, "sixty": 60, "ninety": 90}
_UNITS = {"heure": 1 / 720, "heures": 1 / 720, "h": 1 / 720, "hour": 1 / 720, "hours": 1 / 720,
          "jour": 1 / 30, "jours": 1 / 30, "j": 1 / 30, "day": 1 / 30, "days": 1 / 30, "semaine": 7 / 30,
          "semaines": 7 / 30, "week": 7 / 30, "weeks": 7 / 30, "mois": 1.0, "month": 1.0, "months": 1.0,
          "an": 12.0, "ans": 12.0, "annee": 12.0, "annees": 12.0, "year": 12.0, "years": 12.0}


def durations(words: Sequence[str]) -> list[float]:
    """Every duration the words state, in months: ``quatre vingt dix jours`` -> about 3.

    >>> [round(m, 1) for m in durations("garantie de quatre vingt dix 90 jours ou 1 an ou six mois".split())]
    [3.0, 12.0, 6.0]
    """
    found: list[float] = []
    total: int | None = None
    for word in words:
        if word.isdigit():
            total = int(word)
        elif word in _NUMBERS:
            value = _NUMBERS[word]
            total = total * value if total and value in (20, 100) and total < 10 else (total or 0) + value
        elif word in _UNITS and total is not None:
            found.append(total * _UNITS[word])
            total = None
        else:
            total = None
    return found


class Language:
    """Compiles conditions against shared keyword groups; finds every term of a sentence in one pass."""

    def __init__(self, groups: Mapping[str, Sequence[str]]) -> None:
        self._terms: list[_Term] = []
        self._ids: dict[_Term, int] = {}
        self._first: dict[str, list[int]] = {}  # exact first word -> terms
        self._first_prefix: dict[str, list[int]] = {}  # first word written with a final *
        self._cache: dict[str, tuple[int, ...]] = {}
        self.groups: dict[str, frozenset[int]] = {}
        for name, terms in groups.items():
            if not isinstance(terms, list) or not terms:
                raise PatternError(f"group '{name}' must be a non-empty list of terms", name)
            self.groups[name] = frozenset(self._term_ids(terms, name, allow_groups=False))

    # ------------------------------------------------------------------ compiling

    def compile(self, node: Any, key: str) -> Condition:
        if not isinstance(node, dict) or len(node) != 1:
            raise PatternError("a condition is a mapping with one key among has, near, all, any, not, "
                               "duration_under", key)
        (op, arg), = node.items()
        where = f"{key}.{op}"
        if op == "has":
            return _Has(frozenset(self._term_ids(arg, where)))
        if op == "near":
            if not isinstance(arg, dict) or set(arg) != {"within", "of"}:
                raise PatternError("near takes exactly: within (a number of words) and of (lists of terms)", where)
            within, slots = arg["within"], arg["of"]
            if not isinstance(within, int) or isinstance(within, bool) or not 1 <= within <= 60:
                raise PatternError("within is a whole number of words from 1 to 60", f"{where}.within")
            if not isinstance(slots, list) or len(slots) < 2:
                raise PatternError("of lists at least two lists of terms", f"{where}.of")
            return _Near(tuple(frozenset(self._term_ids(s, f"{where}.of[{i}]")) for i, s in enumerate(slots)),
                         within)
        if op in ("all", "any"):
            if not isinstance(arg, list) or not arg:
                raise PatternError(f"{op} takes a non-empty list of conditions", where)
            parts = tuple(self.compile(part, f"{where}[{i}]") for i, part in enumerate(arg))
            return _All(parts) if op == "all" else _Any(parts)
        if op == "not":
            return _Not(self.compile(arg, where))
        if op == "duration_under":
            if not isinstance(arg, dict) or set(arg) != {"months"} or not isinstance(arg["months"], int):
                raise PatternError("duration_under takes {months: N}", where)
            return _DurationUnder(float(arg["months"]))
        raise PatternError(f"unknown operator '{op}'; accepted: has, near, all, any, not, duration_under", key)

    def terms_of(self, terms: Any, key: str) -> frozenset[int]:
        """Term ids of a plain list of terms (for document-level checks)."""
        return frozenset(self._term_ids(terms, key))

    def _term_ids(self, terms: Any, key: str, allow_groups: bool = True) -> list[int]:
        if not isinstance(terms, list) or not terms:
            raise PatternError("expected a non-empty list of terms", key)
        ids: list[int] = []
        for raw in terms:
            if not isinstance(raw, str) or not raw.strip():
                raise PatternError(f"a term is a non-empty text, not {raw!r}", key)
            if raw.startswith("@"):
                if not allow_groups or raw[1:] not in self.groups:
                    raise PatternError(f"unknown keyword group '{raw[1:]}'; known: {', '.join(sorted(self.groups))}",
                                       key)
                ids.extend(self.groups[raw[1:]])
                continue
            words: list[str] = []
            prefix: list[bool] = []
            for chunk in raw.split():
                folded = fold(chunk.rstrip("*")).split()
                words += folded
                prefix += [False] * (len(folded) - 1) + [chunk.endswith("*")] if folded else []
            if not words or any(c in raw for c in "[]()\\|?+{}^$") or "*" in raw.replace("* ", " ").rstrip("*"):
                raise PatternError(f"term {raw!r}: write words, each optionally ending in *, not regular "
                                   "expressions", key)
            ids.append(self._intern(_Term(tuple(words), tuple(prefix))))
        return ids

    def _intern(self, term: _Term) -> int:
        if term in self._ids:
            return self._ids[term]
        index = self._ids[term] = len(self._terms)
        self._terms.append(term)
        table = self._first_prefix if term.prefix[0] else self._first
        table.setdefault(term.words[0], []).append(index)
        self._cache.clear()
        return index

    # ------------------------------------------------------------------ matching

    def _starting_with(self, word: str) -> tuple[int, ...]:
        found = self._cache.get(word)
        if found is None:
            ids = list(self._first.get(word, ()))
            longest = max(map(len, self._first_prefix), default=0)
            for end in range(1, min(len(word), longest) + 1):  # every prefix of the word a prefix term names
                ids.extend(self._first_prefix.get(word[:end], ()))
            found = self._cache[word] = tuple(ids)
        return found

    def hits(self, words: Sequence[Token]) -> Hits:
        """Every term occurrence in a sentence's words."""
        plain = tuple(t.word for t in words)
        hits = Hits(plain)
        for pos, word in enumerate(plain):
            for index in self._starting_with(word):
                term = self._terms[index]
                if len(term.words) > 1 and not self._rest_matches(term, plain, pos):
                    continue
                hits.at.setdefault(index, []).append(pos)
        return hits

    @staticmethod
    def _rest_matches(term: _Term, words: tuple[str, ...], pos: int) -> bool:
        if pos + len(term.words) > len(words):
            return False
        for offset in range(1, len(term.words)):
            got, want = words[pos + offset], term.words[offset]
            if not (got == want or (term.prefix[offset] and got.startswith(want))):
                return False
        return True
