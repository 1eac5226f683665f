"""The size and depth of a raw case, measured before Pydantic sees it.

A case is at most four levels deep (``history[0].date``) and, even with 100,000 events, a
few million values. A hostile input can be far more: a 1 KB YAML file whose aliases share
one list nine times at nine levels expands to 387 million values, and a value nested a
thousand levels deep overflows Python's stack in any recursive code. Both are refused here,
in time proportional to the number of *distinct* containers (shared ones are measured once).

>>> shape_issue({"purchase": {"contract_date": "2024-03-10"}}) is None
True
>>> bomb = ["lol"] * 9
>>> for _ in range(8):
...     bomb = [bomb] * 9
>>> shape_issue({"history": [{"type": bomb}]}).location
'history[0].type'
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from typing import Any

from garantie.errors import InputIssue, short_repr

__all__ = ["MAX_DEPTH", "MAX_VALUES", "shape_issue"]

MAX_DEPTH = 32  # containers inside containers; a valid case needs 4
MAX_VALUES = 5_000_000  # values once shared references (YAML aliases) are expanded


def _children(node: Any) -> list[tuple[str | int, Any]]:
    if isinstance(node, Mapping):
        return [(key if isinstance(key, str) else short_repr(key, 60), value) for key, value in node.items()]
    if isinstance(node, list | tuple):
        return list(enumerate(node))
    return []


def _is_container(node: Any) -> bool:
    return isinstance(node, Mapping | list | tuple)


def shape_issue(data: Any, *, max_values: int = MAX_VALUES, max_depth: int = MAX_DEPTH,
                what: str = "a case") -> InputIssue | None:
    """An issue when ``data`` is too deep, too large once expanded, or refers to itself; else None.

    The rule-set loader uses it too, with its own limits, and ``what`` names the thing measured.
    """
    size: dict[int, int] = {}  # by id(): expanded number of values, containers included
    height: dict[int, int] = {}  # by id(): containers on the longest path down, itself included
    keep: list[Any] = []  # keeps measured objects alive so that their ids stay unique
    on_path: set[int] = set()
    stack: list[tuple[Any, bool]] = [(data, False)]
    path: list[Any] = []  # the containers being measured, for the error's location
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            on_path.discard(key)
            path.pop()
            kids = [child for _, child in _children(node)]
            size[key] = 1 + sum(size.get(id(c), 1) for c in kids)
            height[key] = 1 + max((height.get(id(c), 0) for c in kids), default=0)
            keep.append(node)
            if size[key] > max_values:
                return InputIssue(_field_path([*path, node]), f"more than {max_values:,} values once shared "
                                  f"references (YAML aliases) are expanded; {what} is far smaller")
            continue
        if key in size:
            continue
        if key in on_path:
            return InputIssue(_field_path(path), f"a value contains itself; {what} is a tree of mappings and lists")
        if len(path) >= max_depth:
            return InputIssue(_field_path(path), f"nested more than {max_depth} levels deep; {what} is far "
                                                 "shallower")
        on_path.add(key)
        path.append(node)
        stack.append((node, True))
        for _, child in _children(node):
            if _is_container(child) and id(child) not in size:
                stack.append((child, False))
    return None


def _field_path(chain: list[Any]) -> tuple[str | int, ...]:
    """The path of the case field holding the last container of ``chain`` (each the child of the one
    before): field names, and the event index under ``history``, not the positions inside a bad value."""
    out: list[str | int] = []
    for parent, child in itertools.pairwise(chain):
        name = next((name for name, value in _children(parent) if value is child), None)
        if name is None or (isinstance(name, int) and out != ["history"]):
            break
        out.append(name)
    return tuple(out)
