"""``garantie letter CASE.yaml --kind KIND [--format text|md|html|pdf] [--lang fr|en] [-o FILE]``."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import tempfile
from pathlib import Path

from garantie._cli_builtin import read_case, unwrap
from garantie._cli_io import IO
from garantie._commands import Command, Usage, register
from garantie._evaluate import evaluate
from garantie.case import parse_case
from garantie.letters import KINDS, letter, parties_of

__all__ = ["add_arguments", "main", "run"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("case", help="a case file (YAML or JSON), or - for standard input")
    parser.add_argument("--kind", required=True, choices=KINDS)
    parser.add_argument("--format", choices=["text", "md", "html", "pdf"], default="text")
    parser.add_argument("--lang", choices=["fr", "en"], default="fr")
    parser.add_argument("--today", type=dt.date.fromisoformat, help="date used when the case has no as_of")
    parser.add_argument("--json", action="store_true", help="errors as JSON on standard error")
    parser.add_argument("-o", "--output", type=Path, metavar="FILE",
                        help="file to write, atomically (default: standard output; pdf needs it)")


def run(args: argparse.Namespace, io: IO) -> int:
    # Errors (a bad case, a kind the verdict does not support) reach the command line's guard and exit codes.
    if args.format == "pdf" and args.output is None:
        raise Usage(io.say("--format pdf demande -o FICHIER", "--format pdf needs -o FILE"))
    case = parse_case(unwrap(read_case(args.case, io)), today=args.today)
    written = letter(evaluate(case), args.kind, args.lang, parties=parties_of(case))
    if args.format == "pdf":
        _write_atomically(args.output, written.pdf())
        return 0
    return io.out({"text": written.text, "md": written.markdown, "html": written.html}[args.format]())


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


def main(argv: list[str]) -> int:
    """``garantie letter …`` on its own (the main command line goes through the registry)."""
    from garantie.__main__ import main as garantie_main

    return garantie_main(["letter", *argv])


register(Command("letter", "write a letter (formal notice …) from a case's verdict", add_arguments, run))
