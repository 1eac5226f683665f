"""Reading the rule-set files: each entry's shape, kind, id and schema, strictly, into a RuleSet's tables."""

from __future__ import annotations

import os
import typing
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

from garantie._citations import build_citation
from garantie._schema import CitationDoc, ConclusionDoc, ParameterDoc, QuestionDoc, RuleDoc, valid_id
from garantie._shape import shape_issue
from garantie.errors import RuleSetError

if TYPE_CHECKING:
    from garantie.ruleset import RuleSet

__all__ = ["read", "rule_files"]

_MAX_ITEM_VALUES = 20_000  # values in one entry once YAML aliases are expanded; the largest rule has ~300
_MAX_ITEM_DEPTH = 40  # nesting of one entry; the deepest rule nests ~15
_KINDS = ("rules", "citations", "parameters", "conclusions", "questions")
_OWN_LOADERS = ("clauses",)  # rules/clauses/ holds seller-policy patterns, read by garantie.policy


def read(rs: RuleSet, directory: Path, documents: list[tuple[str, Any]] | None = None,
          overlay: Path | None = None) -> None:
    checked = documents is not None  # cached documents passed the shape checks when first read
    if documents is None:
        from garantie._yaml import load_yaml  # PyYAML only when rule files are parsed, not on a cache hit

        if overlay is not None and not directory.is_dir():
            raise RuleSetError(f"overlay {directory}: not a directory of rule files")
        files = [p for p in rule_files(directory) if p.relative_to(directory).parts[0] not in _OWN_LOADERS]
        if not files:
            raise RuleSetError(f"no .yaml file under {directory}")
        documents = []
        for path in files:
            name = str(path.relative_to(directory))
            if overlay is not None:  # errors name the overlay, so a company sees its own file
                name = f"{overlay.name}/{name} (overlay {overlay})"
                rs._overlay_files.add(name)
            documents.append((name, load_yaml(path, name=name)))
    if overlay is None:
        rs.documents = documents
    for name, data in documents:
        if not isinstance(data, dict) or len(data) != 1 or next(iter(data)) not in _KINDS:
            raise RuleSetError(f"a rule-set file holds exactly one top-level key among {', '.join(_KINDS)}",
                               file=name, key=",".join(map(str, data)) if isinstance(data, dict) else None)
        (kind, body), = data.items()
        if not isinstance(body, dict):
            raise RuleSetError(f"'{kind}' must map ids to entries", file=name, key=kind)
        for item_id, raw in body.items():
            _read_item(rs, name, kind, str(item_id), raw, checked)


def _read_item(rs: RuleSet, name: str, kind: str, item_id: str, raw: Any, checked: bool = False) -> None:
    # Before any recursive reading: a rule's YAML aliases may expand a 1 KB file to gigabytes (L1),
    # and a condition 990 levels deep would overflow the stack (L3).
    shape = None if checked else shape_issue(raw, max_values=_MAX_ITEM_VALUES, max_depth=_MAX_ITEM_DEPTH,
                                             what="an entry")
    if shape is not None:
        key = ".".join(str(part) for part in shape.path)
        raise RuleSetError(shape.message, file=name, item=item_id,
                           key=(key if len(key) <= 60 else key[:57] + "...") or None)
    if kind == "questions":
        if isinstance(raw, dict) and "proof_by" not in raw:
            raise RuleSetError("a question says who bears the proof of its fact: proof_by: consumer | seller | "
                               "none (seller: add absent_proof, assumption and proof_confidence)",
                               file=name, item=item_id, key="proof_by")
        _add(rs.questions, name, item_id, _validate(QuestionDoc, raw, name, item_id))
        rs._sources["questions", item_id] = name
        return
    if not valid_id(item_id, article=kind == "citations"):
        raise RuleSetError("ids are lowercase dotted names such as glc.scope.private_seller "
                           "(citations: code.article.version, e.g. cconso.L217-7.2022)",
                           file=name, item=item_id)
    if kind == "citations":
        doc = _validate(CitationDoc, raw, name, item_id)
        _add(rs.citations, name, item_id, build_citation(doc, name, item_id))
    elif kind == "parameters":
        _add(rs.parameters, name, item_id, _validate(ParameterDoc, raw, name, item_id))
        rs._sources["parameters", item_id] = name
    elif kind == "conclusions":
        _add(rs.conclusions, name, item_id, _validate(ConclusionDoc, raw, name, item_id))
    else:
        if ("rules", item_id) in rs._sources:
            raise RuleSetError(f"duplicate rule id (ids are unique across all files; first in "
                               f"{rs._sources['rules', item_id]})", file=name, item=item_id)
        rs._sources["rules", item_id] = name
        if name in rs._overlay_files:
            rs.overlay_rules.add(item_id)
        rs._rule_docs.append((name, item_id, _validate(RuleDoc, raw, name, item_id)))


def _add(table: dict[str, Any], name: str, item_id: str, value: Any) -> None:
    if item_id in table:
        raise RuleSetError("duplicate id (ids are unique across all files)", file=name, item=item_id)
    table[item_id] = value


def _validate(model: type[BaseModel], raw: Any, name: str, item_id: str) -> Any:
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        key = ".".join(str(part) for part in first["loc"]) or None
        message = first["msg"]
        if first["type"] == "extra_forbidden":
            accepted = sorted(f.alias or n for n, f in _model_at(model, first["loc"][:-1]).model_fields.items())
            message += f"; accepted keys: {', '.join(accepted)}"
        more = f" (and {len(exc.errors()) - 1} more)" if len(exc.errors()) > 1 else ""
        raise RuleSetError(message + more, file=name, item=item_id, key=key) from exc


def _model_at(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel]:
    """The (nested) model a validation location points into, to list its accepted keys."""
    current = model
    for part in loc:
        field = current.model_fields.get(str(part)) if isinstance(part, str) else None
        if field is None:
            continue
        candidates = [field.annotation, *typing.get_args(field.annotation)]
        nested = [c for c in candidates if isinstance(c, type) and issubclass(c, BaseModel)]
        if nested:
            current = nested[0]
    return current



def rule_files(directory: Path) -> list[Path]:
    """The rule-set files under ``directory``, sorted; hidden files and editor lock or backup files
    (``.#scope.yaml``, ``#scope.yaml``, anything under a hidden directory) are not rule files."""
    found = []
    # os.walk rather than Path.rglob: the same files, in a fraction of the time (this runs at every start).
    for folder, subfolders, names in os.walk(directory):
        subfolders[:] = [d for d in subfolders if not d.startswith((".", "#"))]
        for name in names:
            if name.endswith((".yaml", ".yml")) and not name.startswith((".", "#")):
                path = Path(folder, name)
                if path.is_file():
                    found.append(path)
    return sorted(found)
