"""The errors garantie raises.

The hierarchy is deliberately small::

    GarantieError
    ├── InputError          the case given to evaluate() is malformed
    ├── RuleSetError        a file under rules/ is malformed (raised at load)
    ├── RuleConflictError   two rules give different answers to one question
    ├── EvaluationError     a rule could not compute its conclusion for this case
    └── EngineError         the engine asked for cannot run here, or cannot answer this case

``InputError`` also subclasses :class:`ValueError`, so callers that already catch
``ValueError`` around parsing keep working.
"""

from __future__ import annotations

import reprlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

__all__ = [
    "EngineError",
    "EvaluationError",
    "GarantieError",
    "InputError",
    "InputIssue",
    "LetterError",
    "RuleConflictError",
    "RuleSetError",
]


class GarantieError(Exception):
    """Base class of every error garantie raises on purpose."""


_SHORT = reprlib.Repr()  # Python 3.11's Repr takes no keyword arguments
_SHORT.maxlevel = 2
_SHORT.maxdict = _SHORT.maxlist = _SHORT.maxtuple = _SHORT.maxset = _SHORT.maxfrozenset = 4
_SHORT.maxstring = _SHORT.maxother = _SHORT.maxlong = 40


def short_repr(value: Any, limit: int = 80) -> str:
    """A repr of ``value`` of at most ``limit`` characters, whatever its size, depth or type.

    Error messages quote input through this only: an input can be huge (a YAML alias bomb),
    deeply nested, or an integer too long for ``repr``.

    >>> short_repr("x" * 1000)
    "'xxxxxxxxxxxxxxxxx...xxxxxxxxxxxxxxxxxx'"
    >>> short_repr([[[[1]]]])
    '[[[...]]]'
    """
    try:
        text = _SHORT.repr(value)
    except Exception:
        text = f"<{type(value).__name__}>"
    return text if len(text) <= limit else text[:limit - 3] + "..."


@dataclass(frozen=True)
class InputIssue:
    """One problem in a case, located by its field path.

    ``path`` is a tuple such as ``("purchase", "product", "condition")`` or
    ``("history", 2, "date")``; ``message`` says what is wrong and what is accepted.
    """

    path: tuple[str | int, ...]
    message: str
    input: Any = None
    fr: str | None = None  # the message in French, for consumer-facing output (the command line's default)

    def text(self, lang: str = "en") -> str:
        """The message in ``lang``; in French, an issue not yet translated says its English text is quoted."""
        if lang != "fr":
            return self.message
        return self.fr or f"{self.message} (message en anglais)"

    @property
    def location(self) -> str:
        """The path as dotted text, e.g. ``history[2].date``."""
        text = ""
        for part in self.path:
            if isinstance(part, int):
                text += f"[{part}]"
            else:
                # An unknown key can be anything, a megabyte string included: quote it short.
                name = part if isinstance(part, str) and len(part) <= 60 else short_repr(part, 60)
                text += f".{name}" if text else name
        return text or "<case>"


_SHOWN_ISSUES = 20


class InputError(GarantieError, ValueError):
    """The case is malformed. Nothing was evaluated.

    ``issues`` lists every problem found, each with its field path. When the
    problem was found by Pydantic, the original ``pydantic.ValidationError`` is
    kept as ``validation_error`` (and as ``__cause__``).
    """

    def __init__(self, issues: Sequence[InputIssue], validation_error: Exception | None = None) -> None:
        self.issues: tuple[InputIssue, ...] = tuple(issues)
        self.validation_error = validation_error
        lines = [f"{len(self.issues)} problem(s) in the case:"]
        # The message stays short whatever the input: 100,000 bad events list the first few only.
        lines += [f"  - {issue.location}: {issue.message}" for issue in self.issues[:_SHOWN_ISSUES]]
        if len(self.issues) > _SHOWN_ISSUES:
            lines.append(f"  ... and {len(self.issues) - _SHOWN_ISSUES} more (all are in .issues)")
        super().__init__("\n".join(lines))

    def text(self, lang: str = "en") -> str:
        """The message in ``lang`` ("fr" or "en"); ``str(error)`` is the English one."""
        if lang != "fr":
            return str(self)
        count = len(self.issues)
        lines = [f"{count} problème{'s' if count > 1 else ''} dans le dossier :"]
        lines += [f"  - {issue.location} : {issue.text('fr')}" for issue in self.issues[:_SHOWN_ISSUES]]
        if count > _SHOWN_ISSUES:
            lines.append(f"  … et {count - _SHOWN_ISSUES} autres (tous sont dans .issues)")
        return "\n".join(lines)

    @property
    def paths(self) -> list[str]:
        """The dotted location of every issue, in order."""
        return [issue.location for issue in self.issues]


class RuleSetError(GarantieError):
    """A rule, parameter, citation or question file is malformed.

    Raised when the rule set is loaded, never half-way through an evaluation.
    ``file``, ``item`` (rule or parameter id, when known) and ``key`` locate it.
    """

    def __init__(self, message: str, *, file: str | None = None, item: str | None = None,
                 key: str | None = None) -> None:
        self.file = file
        self.item = item
        self.key = key
        where = ", ".join(
            part for part in (
                f"file {file}" if file else "",
                f"id {item}" if item else "",
                f"key {key}" if key else "",
            ) if part
        )
        super().__init__(f"{where}: {message}" if where else message)


class RuleConflictError(GarantieError):
    """Two rules fired for one conclusion with different values, and neither is an
    exception to the other. This is a defect of the rule set, not of the case.
    """

    def __init__(self, conclusion: str, first: tuple[str, object, Sequence[str]],
                 second: tuple[str, object, Sequence[str]]) -> None:
        self.conclusion = conclusion
        self.rules = (first[0], second[0])
        super().__init__(
            f"rules {first[0]} ({', '.join(first[2])}) and {second[0]} ({', '.join(second[2])}) "
            f"conclude {conclusion} = {first[1]!r} and {second[1]!r}; "
            "declare one an exception to the other or narrow their conditions"
        )


class EvaluationError(GarantieError):
    """A rule could not compute its conclusion for this case (e.g. a date past the calendar's end).

    Input bounds make this unreachable for valid cases; it names the rule and the conclusion
    so that a report can point at the rule.
    """

    def __init__(self, message: str, *, rule: str | None = None, conclusion: str | None = None) -> None:
        self.rule = rule
        self.conclusion = conclusion
        where = f"rule {rule} (conclusion {conclusion}): " if rule else ""
        super().__init__(f"{where}{message}")


class LetterError(GarantieError):
    """A letter was asked for that the verdict does not support (e.g. a basis that does not apply), or that
    cannot be produced (unknown kind, missing PDF library or font). The message says why."""


class EngineError(GarantieError):
    """The engine asked for (``evaluate(case, engine=...)``) cannot answer: it is not available on this
    Python or install, or the case leaves unknown facts the rules need and that engine cannot carry
    unknowns. ``missing`` lists those facts' paths (empty when the engine is unavailable).
    """

    def __init__(self, message: str, missing: Sequence[str] = ()) -> None:
        self.missing: tuple[str, ...] = tuple(missing)
        super().__init__(message)
