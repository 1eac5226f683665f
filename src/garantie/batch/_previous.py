"""Reusing earlier records (``--previous``): which ones may be reused, found by case hash.

A file's records stay on disk (only their offsets are kept), so a previous output of any size can be used.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from typing import IO, Any

from garantie._evaluate import provenance
from garantie.batch._records import Item, Options, Record, case_sha256, split_item
from garantie.case import Case
from garantie.errors import GarantieError
from garantie.ruleset import load_rules

__all__ = ["Previous"]

# The head of a record this package wrote: its id, then its case hash (no string can hide `,"case_sha256":"`,
# since quotes inside JSON strings are escaped).
_HEAD = re.compile(r'\{"id":(.*?),"case_sha256":"(sha256:[0-9a-f]{64})","verdict":')
_PROVENANCE = '"provenance":'


class Previous:
    """Earlier output records that may be reused, by ``case_sha256``: verdicts (not errors) of today's
    provenance (garantie version and rule files), written with the same texts (``lang``/``texts``).
    ``source`` is a file (``os.PathLike``) or the lines themselves (then kept in memory)."""

    def __init__(self, source: os.PathLike[str] | Iterable[str], options: Options) -> None:
        if isinstance(source, str | bytes):
            raise TypeError("previous: give a path (pathlib.Path) or an iterable of lines, not a string")
        self._current = provenance(load_rules(options.rules)).model_dump(mode="json")
        self._wanted = set() if not options.texts else {options.lang} if options.lang else {"fr", "en"}
        self._lines: dict[str, str] = {}
        self._offsets: dict[str, int] = {}
        self._file: IO[bytes] | None = None
        if isinstance(source, os.PathLike):
            self._file = open(source, "rb")  # noqa: SIM115  (kept open for look-ups; closed by close())
            offset = 0
            for raw in iter(self._file.readline, b""):
                key = self._key(raw.decode("utf-8", "replace"))
                if key is not None:
                    self._offsets[key] = offset
                offset += len(raw)
        else:
            for line in source:
                key = self._key(line)
                if key is not None:
                    self._lines[key] = line.rstrip("\n")

    def __len__(self) -> int:
        return len(self._lines) + len(self._offsets)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()

    def reuse(self, item: Item, number: int) -> Record | None:
        """The earlier record for this item, under the item's id: only for an unchanged case that names its
        ``as_of`` (a case without one is judged as of today, which moves)."""
        try:
            record_id, case = split_item(item, number)
        except GarantieError:
            return None  # evaluated as usual, to report the error
        explicit = case.as_of is not None if isinstance(case, Case) else case.get("as_of") is not None
        line = self._line(case_sha256(case)) if explicit else None
        if line is None:
            return None
        new_id = json.dumps(record_id, ensure_ascii=False)
        head = _HEAD.match(line)
        if head is not None:  # our own format: swap the id, leave the verdict's text untouched
            status = json.JSONDecoder().raw_decode(line, line.index('"status":', head.end()) + 9)[0]
            return Record(raw=('{"id":' + new_id + line[head.end(1):]).encode("utf-8"), id=record_id, status=status,
                          reused=True)
        data = json.loads(line)
        data["id"] = record_id
        return Record(raw=json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), id=record_id,
                      status=data["verdict"].get("status"), reused=True)

    def _line(self, key: str) -> str | None:
        if key in self._lines:
            return self._lines[key]
        offset = self._offsets.get(key)
        if offset is None or self._file is None:
            return None
        self._file.seek(offset)
        return self._file.readline().decode("utf-8").rstrip("\n")

    def _key(self, line: str) -> str | None:
        """The line's case hash if its record may be reused, else None."""
        head = _HEAD.match(line)
        if head is not None:  # fast path for our own records: no need to parse the whole verdict
            start = line.rfind(_PROVENANCE)
            try:
                stamp = json.JSONDecoder().raw_decode(line, start + len(_PROVENANCE))[0] if start >= 0 else None
            except ValueError:
                return None
            languages = {lang for lang in ("fr", "en") if f'"{lang}":"' in line}
            return head.group(2) if stamp == self._current and languages == self._wanted else None
        try:
            data = json.loads(line)
        except ValueError:
            return None
        if not isinstance(data, dict):
            return None
        verdict, key = data.get("verdict"), data.get("case_sha256")
        if (isinstance(verdict, dict) and isinstance(key, str) and verdict.get("provenance") == self._current
                and _languages(verdict) in (None, self._wanted)):
            return key
        return None


def _languages(verdict: dict[str, Any]) -> set[str] | None:
    """The languages a written verdict's texts are in (None when it has no text to tell)."""
    for name in ("reasons", "warnings", "questions"):
        for entry in verdict.get(name) or ():
            if isinstance(entry, dict):
                return {lang for lang in ("fr", "en") if lang in entry}
    return None
