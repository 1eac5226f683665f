"""``garantie letter CASE.yaml --kind KIND [--format text|md|html|pdf] [--lang fr|en] [-o FILE]``."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import tempfile
from pathlib import Path

from garantie._evaluate import evaluate
from garantie.case import parse_case
from garantie.letters import KINDS, letter, parties_of

__all__ = ["main"]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="garantie letter", description="Write a letter from a case's verdict.")
    parser.add_argument("case", type=Path, help="a case file (YAML or JSON)")
    parser.add_argument("--kind", required=True, choices=KINDS)
    parser.add_argument("--format", choices=["text", "md", "html", "pdf"], default="text")
    parser.add_argument("--lang", choices=["fr", "en"], default="fr")
    parser.add_argument("--today", type=dt.date.fromisoformat, help="date used when the case has no as_of")
    parser.add_argument("-o", "--output", type=Path, help="file to write (default: standard output; pdf needs it)")
    args = parser.parse_args(argv)
    if args.format == "pdf" and args.output is None:
        parser.error("--format pdf needs -o FILE")
    # Errors reach the main command's guard, which maps them to the documented exit codes.
    from garantie.__main__ import read_case_file, write_out

    case = parse_case(read_case_file(args.case), today=args.today)
    written = letter(evaluate(case), args.kind, args.lang, parties=parties_of(case))
    body: bytes = (written.pdf() if args.format == "pdf" else
                   {"text": written.text, "md": written.markdown, "html": written.html}[args.format]()
                   .encode("utf-8"))
    if args.output is None:
        return write_out(body.decode("utf-8"))
    _write_atomically(args.output, body)
    return 0


def _write_atomically(path: Path, body: bytes) -> None:
    """Write to a temporary file beside ``path``, then rename: a reader never sees a partial letter."""
    handle, temp = tempfile.mkstemp(dir=path.parent or Path("."), prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(body)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
