"""Command line: ``python -m garantie CASE.yaml [--lang fr|en|both] [--json] [--today YYYY-MM-DD]``, and the
subcommands ``letter``, ``policy``, ``batch`` and ``serve`` (each in its own module).

Exit codes (also in ``--help`` and ``docs/errors.md``): 0 the verdict was printed; 1 the output
could not be written, or a bug (one line with the version, never a traceback); 2 usage error
(bad arguments, a case path that is missing or not a regular file); 3 the case file is not a
valid case; 4 the rule set is broken or the rules could not evaluate the case.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import signal
import stat
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from garantie._evaluate import evaluate
from garantie._facts import facts_markdown
from garantie._yaml import load_case_yaml
from garantie.case import Case
from garantie.errors import GarantieError, InputError, InputIssue, LetterError
from garantie.policy._check import PolicyInputError

EXIT_OK, EXIT_FAILURE, EXIT_USAGE, EXIT_CASE, EXIT_RULES = 0, 1, 2, 3, 4
_EPILOG = """exit codes:
  0  the verdict (or schema, facts) was printed
  1  the output could not be written (closed stdout, full disk), or an internal error (please report it)
  2  usage error: bad arguments, or a case path that is missing or not a regular file (FIFO, device, directory)
  3  the case file is not a valid case (YAML error, unknown key, bad value, dates out of order), the letter
     asked for does not fit the verdict, or the policy text cannot be read
  4  the rule set is broken, or its rules could not evaluate this case"""
# Keys a case file may hold beside the case itself when it wraps it as {case: {...}}.
_WRAPPER_KEYS = {"case", "name", "note"}


class _Usage(Exception):
    """A usage error found after argparse (e.g. the case path is a FIFO)."""


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code. Never raises, never prints a traceback."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments[:1] == ["serve"]:  # subcommands live in their own modules
        from garantie.server._cli import main as serve

        return _guarded(lambda: serve(arguments[1:]))
    if arguments[:1] == ["batch"]:
        from garantie.batch import main as batch

        return _guarded(lambda: batch(arguments[1:]))
    if arguments[:1] == ["letter"]:  # subcommand: garantie letter CASE --kind …
        from garantie.letters._cli import main as letter_main

        return _guarded(lambda: letter_main(arguments[1:]))
    if arguments[:1] == ["interview"]:  # subcommand: garantie interview [--lang] [--save CASE.yaml]
        from garantie.interview import main as interview_main

        return _guarded(lambda: interview_main(arguments[1:]))
    if arguments[:1] == ["policy"]:  # subcommand: garantie policy FILE.txt …
        from garantie.policy import main as policy_main

        return _guarded(lambda: policy_main(arguments[1:]))
    return _guarded(lambda: _evaluate_command(arguments))


def _guarded(command: Callable[[], int]) -> int:
    try:
        return command()
    except _Usage as error:
        _err(f"garantie: {error}")
        return EXIT_USAGE
    except (InputError, LetterError, PolicyInputError) as error:
        _err(f"garantie: {error}")
        return EXIT_CASE
    except GarantieError as error:
        _err(f"garantie: {error}")
        return EXIT_RULES
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # a bug: one line, the version, and a request for a report
        from garantie import __version__

        _err(f"garantie {__version__}: internal error ({type(error).__name__}: {str(error)[:200]}); "
             "please report this bug to the garantie maintainers, with the case file")
        return EXIT_FAILURE


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="garantie", description="Evaluate a French consumer-warranty case.",
                                     epilog=_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("case", nargs="?", type=Path, help="a case file (YAML or JSON)")
    parser.add_argument("--lang", choices=["fr", "en", "both"], default="both")
    parser.add_argument("--json", action="store_true", help="print the verdict as JSON")
    parser.add_argument("--today", type=dt.date.fromisoformat, help="date used when the case has no as_of")
    parser.add_argument("--schema", action="store_true", help="print the JSON Schema of a case and exit")
    parser.add_argument("--facts", action="store_true", help="print the facts rules can read and exit")
    return parser


def _evaluate_command(argv: list[str]) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # argparse printed the usage or --help already
        return exit_.code if isinstance(exit_.code, int) else EXIT_USAGE
    if hasattr(signal, "SIGPIPE"):  # piped into head & co: stop quietly, like other command-line tools
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    if args.facts:
        return write_out(facts_markdown())
    if args.schema:
        return write_out(json.dumps(Case.model_json_schema(), indent=2, ensure_ascii=False) + "\n")
    if args.case is None:
        raise _Usage("a case file is required (or --schema, --facts); see --help")
    verdict = evaluate(read_case_file(args.case), today=args.today)
    if args.json:
        return write_out(verdict.model_dump_json(indent=2) + "\n")
    langs = ["fr", "en"] if args.lang == "both" else [args.lang]
    return write_out("\n".join(verdict.explain(lang) for lang in langs) + "\n")  # type: ignore[arg-type]


def read_case_file(path: Path) -> Any:
    """The case a case file holds, for every subcommand that reads one: a regular file, read as YAML 1.2,
    unwrapped from ``{case: …}``. Raises ``_Usage`` or ``InputError``, which ``_guarded`` turns into exit codes."""
    _check_regular_file(path)
    return _unwrap(load_case_yaml(path))


def _check_regular_file(path: Path) -> None:
    # Reading a FIFO with no writer blocks forever, and /dev/zero never ends: refuse before opening.
    try:
        mode = path.stat().st_mode
    except OSError as error:
        raise _Usage(f"{path}: cannot read the case file: {error.strerror or error}") from None
    if not stat.S_ISREG(mode):
        raise _Usage(f"{path}: not a regular file (a FIFO, device or directory); give a YAML or JSON file")


def _unwrap(data: Any) -> Any:
    """The case in a case file: the whole file, or its ``case`` key when it wraps it (C1)."""
    if not isinstance(data, dict) or "case" not in data:
        return data
    unknown = sorted(str(key) for key in data if key not in _WRAPPER_KEYS)
    if unknown:
        raise InputError([InputIssue((key,), "unknown top-level key beside 'case'; accepted: "
                                     + ", ".join(sorted(_WRAPPER_KEYS))) for key in unknown])
    return data["case"]


def write_out(text: str) -> int:
    """Write to stdout; a closed stdout or a full disk is exit 1 with a message, never lost output (C2)."""
    stream = sys.stdout
    if stream is None:
        _err("garantie: standard output is closed; the verdict could not be written")
        return EXIT_FAILURE
    try:
        stream.write(text)
        stream.flush()
    except OSError as error:
        _err(f"garantie: the verdict could not be written to standard output: {error.strerror or error}")
        try:  # so that the interpreter's own flush at exit does not fail a second time
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, stream.fileno())
        except (OSError, ValueError):
            pass
        return EXIT_FAILURE
    return EXIT_OK


def _err(text: str) -> None:
    # With stderr closed (2>&-), print(file=sys.stderr) would write to stdout: say nothing instead.
    stream = sys.stderr
    if stream is None:
        return
    try:
        stream.write(text + "\n")
        stream.flush()
    except (OSError, ValueError):
        pass


if __name__ == "__main__":
    sys.exit(main())
