"""Rendering a letter's templates (Jinja2, StrictUndefined) into blocks, then text, Markdown or HTML."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import jinja2

from garantie.errors import LetterError
from garantie.ruleset import default_rules_dir

__all__ = ["Block", "html_page", "letters_dir", "parse_blocks", "render_blocks"]

BlockKind = Literal["heading", "paragraph", "item"]


@dataclass(frozen=True)
class Block:
    """One piece of a letter's body: a heading, a paragraph or a list item."""

    kind: BlockKind
    text: str


def letters_dir() -> Path:
    """The folder of letter templates (rules/letters: data a lawyer can review)."""
    return default_rules_dir() / "letters"


@functools.lru_cache(maxsize=4)
def _env(folder: str, html: bool) -> jinja2.Environment:
    # StrictUndefined: a variable a template misspells fails in tests, never as an empty gap in a letter.
    return jinja2.Environment(loader=jinja2.FileSystemLoader(folder), undefined=jinja2.StrictUndefined,
                              autoescape=html, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=False)


def render_blocks(kind: str, lang: str, context: dict[str, Any]) -> dict[str, str]:
    """Each block (subject, registered, body) of ``<kind>.<lang>.j2`` rendered with ``context``."""
    env = _env(str(letters_dir()), False)
    try:
        template = env.get_template(f"{kind}.{lang}.j2")
    except jinja2.TemplateNotFound as error:
        raise LetterError(f"no template for letter kind {kind!r} in language {lang!r}") from error
    # The shared pieces (_common.<lang>.j2) are given to every block as 'c': blocks rendered one by one do not
    # see a template's own top-level imports.
    context = {**context, "c": env.get_template(f"_common.{lang}.j2").make_module(context)}
    out = {}
    for name in ("subject", "registered", "body"):
        block = template.blocks.get(name)
        if block is None:
            raise LetterError(f"template {kind}.{lang}.j2 has no '{name}' block")
        out[name] = "".join(block(template.new_context(context))).strip()
    return out


def parse_blocks(body: str) -> tuple[Block, ...]:
    """The body's light markup: '## ' starts a heading, '- ' a list item; blank lines separate paragraphs."""
    blocks: list[Block] = []
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            blocks.append(Block("paragraph", " ".join(paragraph)))
            paragraph.clear()

    for raw in body.splitlines():
        line = raw.strip()
        if not line:
            flush()
        elif line.startswith("## "):
            flush()
            blocks.append(Block("heading", line[3:]))
        elif line.startswith("- "):
            flush()
            blocks.append(Block("item", line[2:]))
        else:
            paragraph.append(line)
    flush()
    return tuple(blocks)


def html_page(context: dict[str, Any]) -> str:
    """The HTML page of a letter (autoescaped: party names and texts are data, never markup)."""
    env = _env(str(letters_dir()), True)
    return env.get_template("_page.html.j2").render(context)
