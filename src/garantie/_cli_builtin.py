"""The built-in subcommands: ``evaluate`` (the default), ``schema``, ``facts`` and ``test``."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import stat
import sys
from pathlib import Path
from typing import Any

from garantie._cli_io import IO
from garantie._commands import Command, Usage, register
from garantie._evaluate import evaluate
from garantie._facts import facts_markdown
from garantie._yaml import MAX_CASE_BYTES, load_case_bytes, load_case_yaml
from garantie.case import Case
from garantie.errors import InputError, InputIssue
from garantie.ruleset import RuleSet, load_rules
from garantie.verdict import Language, Verdict

__all__: list[str] = []

# Keys a case file may hold beside the case itself when it wraps it as {case: {...}}.
_WRAPPER_KEYS = {"case", "name", "note"}


def common_options(parser: argparse.ArgumentParser, *, langs: tuple[str, ...] = ("fr", "en")) -> None:
    """``--lang`` (French by default), ``--json`` and ``--output``: shared by subcommands that print."""
    parser.add_argument("--lang", choices=langs, default="fr",
                        help="language of the text and of error messages (default: fr)")
    parser.add_argument("--json", action="store_true", help="print JSON; errors become JSON on stderr too")
    parser.add_argument("--output", "-o", type=Path, metavar="FILE",
                        help="write to FILE (atomically: the whole result or nothing) instead of stdout")


# ---------------------------------------------------------------- evaluate

def _evaluate_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("case", type=str, help="a case file (YAML or JSON), or - for standard input")
    common_options(parser, langs=("fr", "en", "both"))
    parser.add_argument("--texts", action="store_true",
                        help="with --json: the full verdict with every FR/EN sentence "
                             "(verdict.model_dump_json(include_texts=True)); without it, --json prints the compact "
                             "decision (verdict.model_dump_json())")
    parser.add_argument("--today", type=dt.date.fromisoformat, help="date used when the case has no as_of")
    parser.add_argument("--rules", type=Path, action="append", metavar="DIR", default=[],
                        help="an overlay of rule files layered on the bundled rules (repeatable)")


def read_case(name: str, io: IO) -> Any:
    """The data of a case file, or of standard input for ``-``."""
    if name == "-":
        stream = sys.stdin.buffer if sys.stdin is not None else None
        if stream is None:
            raise Usage(io.say("l'entrée standard est fermée", "standard input is closed"))
        return load_case_bytes(stream.read(MAX_CASE_BYTES + 1), "<stdin>")
    path = Path(name)
    # Reading a FIFO with no writer blocks forever, and /dev/zero never ends: refuse before opening.
    try:
        mode = path.stat().st_mode
    except OSError as error:
        raise Usage(f"{path}: " + io.say("impossible de lire le fichier de cas : ", "cannot read the case file: ")
                    + str(error.strerror or error)) from None
    if not stat.S_ISREG(mode):
        raise Usage(f"{path}: " + io.say("pas un fichier ordinaire (tube, périphérique ou dossier) ; donnez un "
                                         "fichier YAML ou JSON",
                                         "not a regular file (a FIFO, device or directory); give a YAML or JSON file"))
    return load_case_yaml(path)


def unwrap(data: Any) -> Any:
    """The case in a case file: the whole file, or its ``case`` key when it wraps it (C1)."""
    if not isinstance(data, dict) or "case" not in data:
        return data
    unknown = sorted(str(key) for key in data if key not in _WRAPPER_KEYS)
    if unknown:
        raise InputError([InputIssue((key,), "unknown top-level key beside 'case'; accepted: "
                                     + ", ".join(sorted(_WRAPPER_KEYS)),
                                     fr="clé inconnue à côté de « case » ; clés acceptées : "
                                     + ", ".join(sorted(_WRAPPER_KEYS))) for key in unknown])
    return data["case"]


def rules_with(overlays: list[Path]) -> RuleSet:
    return load_rules(extra=overlays) if overlays else load_rules()


def _evaluate(args: argparse.Namespace, io: IO) -> int:
    verdict = evaluate(unwrap(read_case(args.case, io)), today=args.today, rules=rules_with(args.rules))
    if args.json:
        return io.out(verdict.model_dump_json(indent=2, include_texts=args.texts) + "\n")
    langs: list[Language] = ["fr", "en"] if args.lang == "both" else ["en" if args.lang == "en" else "fr"]
    return io.out("\n".join(verdict.explain(lang) for lang in langs) + "\n")


# ---------------------------------------------------------------- schema, facts

def _schema_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("which", nargs="?", choices=["case", "verdict"], default="case",
                        help="the JSON Schema of a case (input, default) or of a verdict (output)")
    parser.add_argument("--output", "-o", type=Path, metavar="FILE", help="write to FILE (atomically)")
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)  # the schema is JSON anyway


def _schema(args: argparse.Namespace, io: IO) -> int:
    model = Case if args.which == "case" else Verdict
    return io.out(json.dumps(model.model_json_schema(), indent=2, ensure_ascii=False) + "\n")


def _facts_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--output", "-o", type=Path, metavar="FILE", help="write to FILE (atomically)")


def _facts(args: argparse.Namespace, io: IO) -> int:
    return io.out(facts_markdown())


# ---------------------------------------------------------------- test

def _test_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH",
                        help="case files or directories of case files (the format of tests/cases, docs/cases.md)")
    parser.add_argument("--rules", type=Path, action="append", metavar="DIR", default=[],
                        help="an overlay of rule files layered on the bundled rules (repeatable)")
    common_options(parser)


def _test(args: argparse.Namespace, io: IO) -> int:
    from garantie.testing import CaseFileError, check_case, load_cases

    try:
        cases = load_cases(*args.paths)
    except CaseFileError as error:
        raise Usage(str(error)) from None
    rules = rules_with(args.rules)
    results = [check_case(case, rules) for case in cases]
    failed = [r for r in results if not r.ok]
    if args.json:
        text = json.dumps({"passed": sum(r.outcome == "passed" for r in results), "failed": len(failed),
                           "known_bugs": sum(r.outcome == "known_bug" for r in results),
                           "cases": [{"id": r.case.id, "outcome": r.outcome, "failures": list(r.failures)}
                                     for r in results]}, indent=2, ensure_ascii=False) + "\n"
    else:
        words = {"passed": io.say("réussi", "passed"), "failed": io.say("ÉCHEC", "FAILED"),
                 "known_bug": io.say("bogue connu", "known bug")}
        lines = []
        for result in results:
            first = f" — {result.failures[0]}" if result.outcome == "failed" else ""
            lines.append(f"{words[result.outcome]:<12} {result.case.id}{first}")
        lines.append(io.say(f"{len(results) - len(failed)} réussi(s), {len(failed)} échec(s) sur {len(results)} cas",
                            f"{len(results) - len(failed)} passed, {len(failed)} failed of {len(results)} cases"))
        text = "\n".join(lines) + "\n"
    written = io.out(text)
    return 1 if failed else written


register(Command("evaluate", "evaluate a case file (the default subcommand)", _evaluate_arguments, _evaluate,
                 "Evaluate a French consumer-warranty case: `garantie CASE.yaml` is `garantie evaluate CASE.yaml`."))
register(Command("schema", "print the JSON Schema of a case or of a verdict", _schema_arguments, _schema))
register(Command("facts", "print the facts rules can read (docs/facts.md)", _facts_arguments, _facts))
register(Command("test", "run case files and report each case's pass or failure", _test_arguments, _test,
                 "Run case files (cases: [{name, input, expect}]) and print each case's result with its first "
                 "difference; exits 1 when a case fails."))
