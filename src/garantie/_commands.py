"""The registry of ``garantie`` subcommands: each module registers its own with one call.

How to add a subcommand (``serve``, ``batch``, ``letter``, ``interview``…):

1. in your module, define ``add_arguments(parser)`` (argparse options of the subcommand) and
   ``run(args, io) -> int`` (returns an exit code; raise :class:`~garantie.errors.InputError` for a bad
   case, :class:`Usage` for a bad argument, and write through ``io`` so ``--output`` and ``--json``
   errors work), then call at import::

       register(Command("serve", "run the HTTP API", add_arguments, run))

2. add the module's name to :data:`COMMAND_MODULES` below (one line). Nothing else changes: the
   parser, ``--help``, exit codes, JSON errors and ``--lang`` are shared.
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from garantie._cli_io import IO

__all__ = ["COMMAND_MODULES", "Command", "Usage", "commands", "register"]

# Modules that register subcommands, imported when the command line starts.
COMMAND_MODULES: tuple[str, ...] = (
    "garantie._cli_builtin",
    "garantie.policy._cli",
    "garantie.letters._cli",
    "garantie._cli_scale",
)


class Usage(Exception):
    """A usage error found after argparse (e.g. the case path is a FIFO): exit code 2."""


@dataclass(frozen=True)
class Command:
    """One subcommand: its name, its one-line help, how it adds its arguments, and what it runs."""

    name: str
    help: str
    add_arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace, IO], int]
    description: str = ""
    # A subcommand with options of its own (serve, batch) takes the rest of the command line as is.
    argv_main: Callable[[list[str]], int] | None = None


_REGISTRY: dict[str, Command] = {}


def register(command: Command) -> Command:
    """Add a subcommand; registering the same name twice is a programming error."""
    existing = _REGISTRY.get(command.name)
    if existing is not None and existing != command:
        raise ValueError(f"two subcommands are named {command.name!r}")
    _REGISTRY[command.name] = command
    return command


def commands() -> dict[str, Command]:
    """Every registered subcommand, after importing the modules that register them."""
    for module in COMMAND_MODULES:
        importlib.import_module(module)
    return dict(_REGISTRY)
