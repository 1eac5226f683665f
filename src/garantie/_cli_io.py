"""Where the command line writes: standard output or ``--output FILE`` (atomically), and its errors
as text or, with ``--json``, as one JSON object on standard error."""

from __future__ import annotations

import contextlib
import json
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

__all__ = ["IO", "Lang", "write_error"]

Lang = Literal["fr", "en"]


@dataclass
class IO:
    """The output of one run: the language of messages, JSON errors or not, and the output file."""

    lang: Lang = "fr"
    json: bool = False
    output: Path | None = None

    def say(self, fr: str, en: str) -> str:
        return fr if self.lang == "fr" else en

    def out(self, text: str) -> int:
        """Write the result; 0, or 1 with a message when it could not be written (never lost silently)."""
        if self.output is not None and str(self.output) != "-":
            return self._to_file(text, self.output)
        stream = sys.stdout
        if stream is None:
            self.error(1, "output", self.say("la sortie standard est fermée ; le résultat n'a pas pu être écrit",
                                             "standard output is closed; the result could not be written"))
            return 1
        try:
            stream.write(text)
            stream.flush()
        except OSError as error:
            self.error(1, "output", self.say("le résultat n'a pas pu être écrit sur la sortie standard : ",
                                             "the result could not be written to standard output: ")
                       + str(error.strerror or error))
            with contextlib.suppress(OSError, ValueError):  # so the interpreter's own flush at exit stays quiet
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, stream.fileno())
            return 1
        return 0

    def _to_file(self, text: str, path: Path) -> int:
        # Written beside the target then renamed: a reader sees the old file or the whole new one.
        directory = path.parent if str(path.parent) else Path(".")
        try:
            handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
        except OSError as error:
            self.error(1, "output", f"{path}: " + self.say("impossible d'écrire ici : ", "cannot write here: ")
                       + str(error.strerror or error))
            return 1
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                stream.write(text)
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(temporary, path)
        except OSError as error:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            self.error(1, "output", f"{path}: " + self.say("le fichier n'a pas pu être écrit : ",
                                                           "the file could not be written: ")
                       + str(error.strerror or error))
            return 1
        return 0

    def error(self, code: int, kind: str, message: str, issues: list[dict[str, Any]] | None = None) -> None:
        write_error(code, kind, message, issues, as_json=self.json)


def write_error(code: int, kind: str, message: str, issues: list[dict[str, Any]] | None = None, *,
                as_json: bool = False, warning: bool = False) -> None:
    """One error (or, with ``warning``, a note that does not stop the run) on standard error:
    ``garantie: message`` or a JSON object (``--json``): ``{"error": {…}}`` or ``{"warning": {…}}``."""
    if as_json:
        body: dict[str, Any] = {"kind": kind, "message": message} if warning else {
            "exit_code": code, "kind": kind, "message": message}
        if issues is not None:
            body["issues"] = issues
        text = json.dumps({"warning" if warning else "error": body}, ensure_ascii=False)
    else:
        text = f"garantie: {message}"
    # With stderr closed (2>&-), print(file=sys.stderr) would write to stdout: say nothing instead.
    stream = sys.stderr
    if stream is None:
        return
    try:
        stream.write(text + "\n")
        stream.flush()
    except (OSError, ValueError):
        pass
