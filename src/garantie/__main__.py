"""Command line: ``garantie [evaluate] CASE.yaml``, ``schema``, ``facts``, ``test``, ``policy``, ``letter``,
``serve``, ``batch``…

Subcommands are registered by their own modules (see :mod:`garantie._commands`); ``evaluate`` is the
default, so ``python -m garantie CASE.yaml`` keeps working. Messages are in French unless ``--lang en``.

Exit codes (also in ``--help`` and ``docs/errors.md``): 0 done; 1 the output could not be written, a
case of ``garantie test`` failed, or a bug (one line with the version, never a traceback); 2 usage
error (bad arguments, a case path that is missing or not a regular file); 3 the case file is not a
valid case, a letter the verdict does not support or an unreadable policy text; 4 the rule set is
broken or the rules could not evaluate the case.
"""

from __future__ import annotations

import argparse
import signal
import sys
from collections.abc import Callable
from typing import NoReturn

from garantie._cli_io import IO, Lang, write_error
from garantie._commands import Command, Usage, commands
from garantie._version import __version__
from garantie.errors import GarantieError, InputError, LetterError
from garantie.policy._check import PolicyInputError

EXIT_OK, EXIT_FAILURE, EXIT_USAGE, EXIT_CASE, EXIT_RULES = 0, 1, 2, 3, 4
_EPILOG = """exit codes:
  0  done: the verdict (or schema, facts, report) was written; every case of `garantie test` passed
  1  the output could not be written (closed stdout, full disk), a case of `garantie test` failed,
     or an internal error (please report it)
  2  usage error: bad arguments, or a case path that is missing or not a regular file (FIFO, device, directory)
  3  the case file is not a valid case (YAML error, unknown key, bad value, dates out of order), the letter
     asked for does not fit the verdict, or the policy text cannot be read
  4  the rule set is broken, or its rules could not evaluate this case"""
# Old spellings, kept working: `garantie --schema` is `garantie schema`, `--facts` is `facts`.
_DEPRECATED_FLAGS = {"--schema": "schema", "--facts": "facts"}
_TOP_LEVEL = {"-h", "--help", "--version"}

# Kept for callers of the former module-level name.
_Usage = Usage


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of exiting, so that errors go through one place (text or JSON)."""

    def error(self, message: str) -> NoReturn:
        raise Usage(f"{message} (see {self.prog} --help)")



def _lang(argv: list[str]) -> Lang:
    for index, arg in enumerate(argv):
        if arg == "--lang" and index + 1 < len(argv):
            return "en" if argv[index + 1] == "en" else "fr"
        if arg.startswith("--lang="):
            return "en" if arg == "--lang=en" else "fr"
    return "fr"


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code. Never raises, never prints a traceback."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    io = IO(lang=_lang(arguments), json="--json" in arguments)
    return _guarded(lambda: _dispatch(arguments, io), io)


def _dispatch(arguments: list[str], io: IO) -> int:
    table = commands()
    for flag, name in _DEPRECATED_FLAGS.items():
        if flag in arguments and (not arguments or arguments[0] not in table):
            write_error(0, "deprecation", io.say(f"« {flag} » est remplacé par « garantie {name} »",
                                                 f"'{flag}' is deprecated: use 'garantie {name}'"),
                        as_json=io.json, warning=True)
            arguments = [name, *(a for a in arguments if a != flag)]
            break
    own = table[arguments[0]].argv_main if arguments and arguments[0] in table else None
    if own is not None:  # serve, batch: their own options and help
        return own(arguments[1:])
    if not arguments or (arguments[0] not in table and arguments[0] not in _TOP_LEVEL):
        arguments = ["evaluate", *arguments]  # the default subcommand: today's `garantie CASE.yaml`
    parser = _parser(table)
    try:
        args = parser.parse_args(arguments)
    except SystemExit as exit_:  # --help or --version printed; argparse errors raise Usage instead
        return exit_.code if isinstance(exit_.code, int) else EXIT_USAGE
    if hasattr(signal, "SIGPIPE"):  # piped into head & co: stop quietly, like other command-line tools
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    io.output = getattr(args, "output", None)
    command: Command = table[args.command]
    return command.run(args, io)


def _parser(table: dict[str, Command]) -> argparse.ArgumentParser:
    parser = _Parser(prog="garantie", description="What a consumer in France is legally owed: evaluate a case, "
                     "check a policy, run case files.", epilog=_EPILOG,
                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"garantie {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command in sorted(table.values(), key=lambda c: c.name != "evaluate"):  # the default first
        child = sub.add_parser(command.name, help=command.help, description=command.description or command.help,
                               epilog=_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
        command.add_arguments(child)
    return parser


def _guarded(command: Callable[[], int], io: IO | None = None) -> int:
    io = io or IO()
    try:
        return command()
    except Usage as error:
        io.error(EXIT_USAGE, "usage", str(error))
        return EXIT_USAGE
    except InputError as error:
        io.error(EXIT_CASE, "input", error.text(io.lang),
                 [{"path": i.location, "message": i.text(io.lang)} for i in error.issues])
        return EXIT_CASE
    except (LetterError, PolicyInputError) as error:  # bad input too: a letter the case does not support, a bad text
        io.error(EXIT_CASE, type(error).__name__, str(error))
        return EXIT_CASE
    except GarantieError as error:
        io.error(EXIT_RULES, type(error).__name__, str(error))
        return EXIT_RULES
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # a bug: one line, the version, and a request for a report
        io.error(EXIT_FAILURE, "internal", f"internal error in garantie {__version__} ({type(error).__name__}: "
                 f"{str(error)[:200]}); please report this bug to the garantie maintainers, with the case file")
        return EXIT_FAILURE


if __name__ == "__main__":
    sys.exit(main())
