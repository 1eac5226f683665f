"""One batch record: a case (a JSON line or a mapping) in, one JSON record out, whatever goes wrong."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

import pydantic_core

from garantie._evaluate import evaluate
from garantie.case import Case
from garantie.errors import GarantieError, InputError, InputIssue
from garantie.ruleset import load_rules
from garantie.verdict import Verdict

__all__ = ["Item", "Options", "Record", "case_sha256", "evaluate_partition", "evaluate_record", "split_item",
           "verdict_json"]

Item = str | bytes | Mapping[str, Any] | Case
RecordId = str | int | None
_WRAPPER_KEYS = frozenset({"id", "case"})


@dataclass(frozen=True)
class Options:
    """How to evaluate and write each record (picklable: it travels to worker processes)."""

    lang: Literal["fr", "en"] | None = None  # keep only this language's texts (None: both)
    texts: bool = True  # False: drop every fr/en text, for programs that only read codes and dates
    today: dt.date | None = None  # the as_of of cases that have none
    rules: str | None = None  # a rule directory (None: the bundled rule set)


@dataclass(frozen=True)
class Record:
    """One output record: its JSON text and what the batch summary counts.

    ``raw`` (UTF-8 JSON, no newline; ``line`` as text) is ``{"id", "case_sha256", "verdict"}`` or
    ``{"id", "error": {"type", "paths", "message"}}``. Bytes, because a verdict serialises to bytes
    directly, and records travel between processes and into files as bytes.
    """

    raw: bytes
    id: RecordId
    status: str | None  # the verdict's status; None for an error
    error: str | None = None  # the error type
    reused: bool = False

    @property
    def line(self) -> str:
        return self.raw.decode("utf-8")

    @property
    def data(self) -> dict[str, Any]:
        loaded: dict[str, Any] = json.loads(self.raw)
        return loaded

    def verdict(self) -> Verdict | None:
        """The verdict, read back (only when written with every text: ``lang=None, texts=True``)."""
        data = self.data
        return Verdict.model_validate(data["verdict"]) if "verdict" in data else None


def _canonical(case: Mapping[str, Any] | Case) -> str:
    if isinstance(case, Case):  # hashed like the mapping it was read from
        case = case.model_dump(mode="json", exclude_unset=True)
    return json.dumps(case, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_iso)


def _iso(value: object) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON")


def case_sha256(case: Mapping[str, Any] | Case) -> str:
    """A hash of the case's content: key order and spacing do not change it, any value does."""
    return "sha256:" + hashlib.sha256(_canonical(case).encode("utf-8")).hexdigest()


def split_item(item: Item, number: int | None) -> tuple[RecordId, Mapping[str, Any] | Case]:
    """The record id and the case of one input item; ``number`` (its line) is the id when it has none.

    Accepted: a case, or ``{"id": ..., "case": {...}}``, or a case with an extra top-level ``"id"``.
    Raises :class:`InputError` for a line that is not a JSON object or an id that is not text or a number.
    """
    if isinstance(item, Case):
        return number, item
    if isinstance(item, str | bytes):
        text = item.strip()
        if not text:
            raise InputError([InputIssue((), "empty line; accepted: one case per line, as a JSON object")])
        try:
            item = json.loads(text)
        except ValueError as exc:
            raise InputError([InputIssue((), f"not valid JSON ({exc}); accepted: one JSON object per line")]) \
                from None
    if not isinstance(item, Mapping):
        raise InputError([InputIssue((), f"a case must be a JSON object, not {type(item).__name__}")])
    record_id = item.get("id", number)
    if record_id is not None and (isinstance(record_id, bool) or not isinstance(record_id, str | int)):
        raise InputError([InputIssue(("id",), "accepted: text or a whole number")])
    if "case" in item and set(item) <= _WRAPPER_KEYS:
        case = item["case"]
        if not isinstance(case, Mapping):
            raise InputError([InputIssue(("case",), "accepted: a JSON object")])
        return record_id, case
    return record_id, {key: value for key, value in item.items() if key != "id"}


def _id_of(item: Item, number: int | None) -> RecordId:
    """The id to report for an item that could not be read: its own if it has a usable one, else its line."""
    try:
        return split_item(item, number)[0]
    except GarantieError:
        return number


def evaluate_record(item: Item, number: int | None, options: Options) -> Record:
    """Evaluate one item; a bad item gives an error record, never an exception (rule-set errors excepted)."""
    try:
        record_id, case = split_item(item, number)
        verdict = evaluate(case, rules=load_rules(options.rules), today=options.today)
    except InputError as exc:
        return _error(_id_of(item, number), "InputError", exc.paths, str(exc))
    except GarantieError as exc:  # a rule conflict: the rule set's defect, shown on the case that meets it
        return _error(_id_of(item, number), type(exc).__name__, [], str(exc))
    except Exception as exc:  # a bug must not stop the other cases; the record says what broke, no traceback
        return _error(_id_of(item, number), "InternalError", [], f"unexpected {type(exc).__name__}: {exc}")
    head = '{"id":' + json.dumps(record_id, ensure_ascii=False) + ',"case_sha256":"' + case_sha256(case) + '"'
    if options.lang is None and options.texts:
        body = verdict_json(verdict)  # the common path: straight to bytes, no text in between
    else:
        body = json.dumps(prune_texts(verdict.model_dump(mode="json", include_texts=options.texts), options.lang,
                                      options.texts),
                          ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return Record(raw=head.encode("utf-8") + b',"verdict":' + body + b"}", id=record_id, status=verdict.status)


def verdict_json(verdict: Verdict) -> bytes:
    """``verdict.model_dump_json(include_texts=True)`` as UTF-8 bytes, without building the text first (about twice
    as fast): a record carries the full verdict with its sentences unless asked for no texts."""
    return pydantic_core.to_json(verdict, context={"include_texts": True})


def _error(record_id: RecordId, kind: str, paths: list[str], message: str) -> Record:
    line = json.dumps({"id": record_id, "error": {"type": kind, "paths": paths, "message": message}},
                      ensure_ascii=False, separators=(",", ":"))
    return Record(raw=line.encode("utf-8"), id=record_id, status=None, error=kind)


def prune_texts(data: Any, lang: Literal["fr", "en"] | None, texts: bool) -> Any:
    """Drop the other language's texts (or all texts) from a dumped verdict; codes, dates and ids stay.

    >>> prune_texts({"reasons": [{"rule_id": "r", "fr": "oui", "en": "yes"}]}, "fr", True)
    {'reasons': [{'rule_id': 'r', 'fr': 'oui'}]}
    >>> prune_texts({"reasons": [{"rule_id": "r", "fr": "oui", "en": "yes"}]}, None, False)
    {'reasons': [{'rule_id': 'r'}]}
    """
    if isinstance(data, list):
        return [prune_texts(item, lang, texts) for item in data]
    if not isinstance(data, dict):
        return data
    is_text = isinstance(data.get("fr"), str) and isinstance(data.get("en"), str)
    return {key: prune_texts(value, lang, texts) for key, value in data.items()
            if not (is_text and key in ("fr", "en") and (not texts or (lang is not None and key != lang)))}


def evaluate_partition(items: Iterable[Item], options: Options | None = None, *,
                       first_number: int | None = None) -> list[str]:
    """Evaluate a partition of cases and return its JSON records, in order.

    The one function every scheduler runs: :func:`garantie.evaluate_many`'s worker processes, Dask
    (:mod:`garantie.dask`), Spark's ``mapInPandas`` and Ray's ``map_batches``. Records take their
    ``id`` from the case, else from ``first_number`` + position when given, else ``null``.
    """
    chosen = options or Options()
    return [evaluate_record(item, None if first_number is None else first_number + index, chosen).line
            for index, item in enumerate(items)]
