"""Strict YAML reading for rule files and case files.

PyYAML's safe loader silently keeps the last of two equal keys; rule and case files must
not, so duplicate keys are errors here, reported with their line. Every failure (syntax,
control character, non-UTF-8 byte, impossible date, oversized integer, merge key) becomes
one error naming the file and the line.

Rule files are read with PyYAML's usual (YAML 1.1) types, dates included. Case files are
read with YAML 1.2's core schema: only ``true``/``false`` are booleans and only ``null``/``~``
is null, so ``country: NO`` stays the string "NO" (Norway) and ``yes`` stays a string that
the strict models refuse as a boolean; dates stay strings that the models read as
``YYYY-MM-DD``, so a bad date is reported at its field.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, ClassVar

import yaml
from yaml.constructor import ConstructorError
from yaml.nodes import MappingNode, ScalarNode

from garantie.errors import InputError, InputIssue, RuleSetError

__all__ = ["MAX_CASE_BYTES", "load_case_bytes", "load_case_yaml", "load_yaml"]

MAX_CASE_BYTES = 64 * 1024 * 1024  # a case with 100,000 events is about 8 MB of YAML

# libyaml's parser when PyYAML was built with it (about 10x faster); same safe construction rules.
_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_MERGE = "tag:yaml.org,2002:merge"


class _StrictLoader(_Base):  # type: ignore[valid-type,misc]
    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            if key_node.tag == _MERGE:
                raise ConstructorError(None, None, "merge keys (<<) are not supported; write the keys out",
                                       key_node.start_mark)
            key = self.construct_object(key_node, deep=True)
            try:
                first = seen.get(key)
            except TypeError:  # an unhashable key (a list or mapping used as a key)
                raise ConstructorError(None, None, "a key must be a plain value", key_node.start_mark) from None
            if first is not None:
                raise ConstructorError(
                    None, None, f"duplicate key '{key}' (first at line {first + 1}); each key may appear once",
                    key_node.start_mark)
            seen[key] = key_node.start_mark.line
        mapping: dict[Any, Any] = super().construct_mapping(node, deep=deep)
        return mapping

    def construct_yaml_timestamp(self, node: ScalarNode) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError as exc:  # 2026-02-30: located, rather than a bare ValueError without a line
            raise ConstructorError(None, None, f"impossible date '{node.value}' ({exc}); dates are written "
                                   "YYYY-MM-DD", node.start_mark) from None


_StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", _StrictLoader.construct_yaml_timestamp)


class _CaseLoader(_StrictLoader):
    """YAML 1.2 core schema: no yes/no/on/off booleans, no sexagesimal or octal-by-zero integers, no dates."""

    yaml_implicit_resolvers: ClassVar[dict[Any, Any]] = {}  # emptied, then YAML 1.2's resolvers below

    def construct_yaml_int(self, node: ScalarNode) -> int:
        text = str(node.value)
        try:
            if text[:2] in ("0o", "0x"):
                return int(text[2:], 8 if text[1] == "o" else 16)
            return int(text, 10)
        except ValueError as exc:  # beyond Python's 4,300-digit limit
            raise ConstructorError(None, None, f"integer not accepted: {str(exc)[:80]}", node.start_mark) from None


_CaseLoader.add_constructor("tag:yaml.org,2002:int", _CaseLoader.construct_yaml_int)
for _tag, _pattern, _first in (
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", list("-+0123456789")),
    ("tag:yaml.org,2002:float",
     r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
     list("-+.0123456789")),
):
    _CaseLoader.add_implicit_resolver(_tag, re.compile(_pattern), _first)


def load_yaml(path: Path, *, error: type[Exception] = RuleSetError, name: str | None = None) -> Any:
    """Parse a rule file (or a test's case file); any failure raises ``error`` naming the file (as
    ``name``, default the path) and the line."""
    return _load(path, _StrictLoader, error, max_bytes=None, name=name)


def load_case_yaml(path: Path) -> Any:
    """Parse a case file with YAML 1.2 types; any failure raises :class:`InputError` naming the file and line."""
    return _load(path, _CaseLoader, InputError, max_bytes=MAX_CASE_BYTES, name=None)


def load_case_bytes(data: bytes, name: str) -> Any:
    """Parse a case read elsewhere (standard input) as :func:`load_case_yaml` parses a file."""
    if len(data) > MAX_CASE_BYTES:
        raise _make(InputError, f"larger than {MAX_CASE_BYTES // (1024 * 1024)} MB; a case file is far smaller", name)
    return _parse(data, _CaseLoader, InputError, name)


def _load(path: Path, loader: type[yaml.SafeLoader], error: type[Exception], max_bytes: int | None,
          name: str | None) -> Any:
    shown = name or str(path)
    try:
        data = path.read_bytes() if max_bytes is None else _read_at_most(path, max_bytes)
    except OSError as exc:
        raise _make(error, f"cannot read file: {exc.strerror or exc}", shown) from exc
    return _parse(data, loader, error, shown)


def _parse(data: bytes, loader: type[yaml.SafeLoader], error: type[Exception], shown: str) -> Any:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise _make(error, f"not UTF-8: byte 0x{data[exc.start]:02x} (line {line}); save the file as UTF-8",
                    shown) from None
    try:
        return yaml.load(text, Loader=loader)  # the loaders derive from SafeLoader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        raise _make(error, f"{exc.problem or exc}{where}", shown) from None
    except yaml.reader.ReaderError as exc:  # a control character such as NUL
        line = text.count("\n", 0, exc.position) + 1
        raise _make(error, f"control character #x{exc.character:04x} not allowed in YAML (line {line})",
                    shown) from None
    except yaml.YAMLError as exc:
        raise _make(error, f"not valid YAML: {str(exc)[:200]}", shown) from None
    except RecursionError:
        raise _make(error, "nested too deeply", shown) from None


def _read_at_most(path: Path, limit: int) -> bytes:
    with path.open("rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise OSError(0, f"larger than {limit // (1024 * 1024)} MB; a case file is far smaller")
    return data


def _make(error: type[Exception], message: str, shown: str) -> Exception:
    if issubclass(error, RuleSetError):
        return error(message, file=shown)
    if issubclass(error, InputError):
        return error([InputIssue((), f"case file {shown}: {message}",
                                 fr=f"fichier de cas {shown} illisible (détail en anglais : {message})")])
    return error(f"{shown}: {message}")
