"""``garantie policy FILE.txt [--json] [--date YYYY-MM-DD] [--lang fr|en]``: check a policy from the command line."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from garantie._cli_io import IO
from garantie._commands import Command, register
from garantie.policy._check import MAX_CHARACTERS, PolicyInputError, check_policy

__all__ = ["add_arguments", "main", "read_policy", "run"]


def read_policy(path: Path) -> str:
    """The file as text; a binary, undecodable or oversized file is a :class:`PolicyInputError`."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_CHARACTERS * 4 + 1)  # UTF-8 takes at most 4 bytes a character
    except OSError as exc:
        raise PolicyInputError(f"{path}: cannot read file: {exc}") from exc
    if b"\x00" in data:
        raise PolicyInputError(f"{path}: contains NUL bytes: a binary file, not a policy text")
    if len(data) > MAX_CHARACTERS * 4:
        raise PolicyInputError(f"{path}: over {MAX_CHARACTERS * 4:,} bytes; at most {MAX_CHARACTERS:,} characters "
                               "are read (pass only the after-sales section)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PolicyInputError(f"{path}: not UTF-8 text (byte {exc.start}): save the policy as UTF-8 text") from exc


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, help="the policy as a UTF-8 text file")
    parser.add_argument("--date", type=dt.date.fromisoformat, help="contract date (YYYY-MM-DD); default: today")
    parser.add_argument("--lang", choices=["fr", "en"], default="fr")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--output", "-o", type=Path, metavar="FILE", help="write to FILE (atomically)")


def run(args: argparse.Namespace, io: IO) -> int:
    day = args.date or dt.date.today()
    if args.date is None:  # said, not silently assumed
        print(("garantie: date du contrat non indiquée (--date) : règles des contrats conclus aujourd'hui, "
               if args.lang == "fr" else "garantie: no contract date given (--date): rules for contracts concluded "
               "today, ") + day.isoformat(), file=sys.stderr)
    # An unreadable text (PolicyInputError) reaches the command line's guard: exit 3, like any bad input.
    report = check_policy(read_policy(args.file), contract_date=day, lang=args.lang)
    return io.out((report.model_dump_json(indent=2) if args.json else report.explain(args.lang)) + "\n")


def main(argv: list[str]) -> int:
    """``garantie policy …`` on its own (the main command line goes through the registry)."""
    from garantie.__main__ import main as garantie_main

    return garantie_main(["policy", *argv])


register(Command("policy", "flag the clauses of a seller's terms that the law overrides", add_arguments, run))
