"""``garantie serve``, ``batch`` and ``interview``: subcommands that parse their own options (``main(argv)``)."""

from __future__ import annotations

import argparse
import importlib

from garantie._cli_io import IO
from garantie._commands import Command, register

__all__: list[str] = []


def _passthrough(name: str, help: str, target: str) -> Command:
    module_name, function = target.split(":")

    def add_arguments(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("arguments", nargs=argparse.REMAINDER, help=f"see garantie {name} --help")

    def run_argv(argv: list[str]) -> int:
        main = getattr(importlib.import_module(module_name), function)
        return int(main(argv))

    def run(args: argparse.Namespace, io: IO) -> int:  # reached only through the parser (e.g. in --help listings)
        return run_argv(list(args.arguments))

    return Command(name, help, add_arguments, run, argv_main=run_argv)


register(_passthrough("serve", "run the HTTP API (garantie[server])", "garantie.server._cli:main"))
register(_passthrough("batch", "evaluate a JSON Lines file of cases, in parallel", "garantie.batch:main"))
register(_passthrough("interview", "ask, one at a time, the questions that matter, then show the verdict",
                      "garantie.interview:main"))
