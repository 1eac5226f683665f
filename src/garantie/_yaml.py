"""Strict YAML reading for rule files and case files.

PyYAML's safe loader silently keeps the last of two equal keys; rule files must not,
so duplicate keys are errors here, reported with their line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError
from yaml.nodes import MappingNode

from garantie.errors import RuleSetError

__all__ = ["load_yaml"]


# libyaml's parser when PyYAML was built with it (about 10x faster); same safe construction rules.
_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_Base):  # type: ignore[valid-type,misc]
    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if key in seen:
                raise ConstructorError(
                    None, None,
                    f"duplicate key '{key}' (first at line {seen[key] + 1}); each key may appear once",
                    key_node.start_mark)
            seen[key] = key_node.start_mark.line
        mapping: dict[Any, Any] = super().construct_mapping(node, deep=deep)
        return mapping


def load_yaml(path: Path, *, error: type[Exception] = RuleSetError) -> Any:
    """Parse ``path``; any syntax error, duplicate key or impossible date raises ``error``."""
    try:
        text = path.read_text(encoding="utf-8")
        return yaml.load(text, Loader=_StrictLoader)  # the loader derives from SafeLoader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        raise _make(error, f"{exc.problem or exc}{where}", path) from exc
    except ValueError as exc:  # e.g. 2022-02-30: PyYAML's date constructor raises ValueError
        raise _make(error, f"bad date or value: {exc}; dates are written YYYY-MM-DD", path) from exc
    except OSError as exc:
        raise _make(error, f"cannot read file: {exc}", path) from exc


def _make(error: type[Exception], message: str, path: Path) -> Exception:
    if issubclass(error, RuleSetError):
        return error(message, file=str(path))
    return error(f"{path}: {message}")
