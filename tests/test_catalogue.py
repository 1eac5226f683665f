"""The rule catalogue (issue 14): generated from rules/, every rule and parameter appears with its texts,
condition in words, periods, citations and checks, and the MkDocs Material site builds in strict mode."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import garantie

ROOT = Path(__file__).resolve().parents[1]
_SPEC = importlib.util.spec_from_file_location("catalogue", ROOT / "docs" / "catalogue.py")
assert _SPEC is not None and _SPEC.loader is not None
catalogue = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(catalogue)


def test_every_rule_appears_with_what_a_lawyer_reads() -> None:
    rules = garantie.load_rules()
    pages = catalogue.pages(rules)
    text = "\n".join(pages.values())
    for rule in rules.rules.values():
        page = pages[f"bases/{rule.conclusion.split('.')[0]}.md"]
        block = page.split(f"{{#{catalogue.anchor(rule.id)}}}", 1)[1].split("\n### ", 1)[0]
        assert f"rule `{rule.id}`" in block and rule.verified_on.isoformat() in block, rule.id
        assert "- **When**: " in block and "- **Periods**: " in block and rule.confidence in block
        assert (rule.caveat is None) == ("Caveat (FR)" not in block), rule.id
    for name in rules.parameters:
        assert f"## `{name}`" in pages["parameters.md"]
    assert text.count("https://www.legifrance.gouv.fr/") > 100


def test_condition_in_words() -> None:
    rules = garantie.load_rules()
    rule = rules.rule("glc.known.knowledge_alone_since_2022")
    assert catalogue.condition_words(rule.condition_node) == (
        "all of: (the fact `defect.known_at_purchase` is `true`; the fact `defect.accepted_deviation` is `false`)")
    block = catalogue.rule_block(rules, rule, up="../")
    assert "- **Exception to**: [`glc.known.no_accepted_deviation`]" in "\n".join(block)
    assert "- **Periods**: contracts from 2022-01-01 on" in block


def test_placeholders_are_shown() -> None:
    rules = garantie.load_rules()
    with_placeholder = next(r for r in rules.rules.values() if "{value}" in r.explain.fr)
    block = "\n".join(catalogue.rule_block(rules, with_placeholder))
    assert "`{value}`" in block


def test_site_builds_in_strict_mode(tmp_path: Path) -> None:
    docs = tmp_path / "catalogue"
    catalogue.write(docs)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"(?m)^docs_dir: .*$", f"docs_dir: {docs}", config)
    config = re.sub(r"(?m)^site_dir: .*$", f"site_dir: {tmp_path / 'site'}", config)
    (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    mkdocs = shutil.which("mkdocs", path=str(Path(sys.executable).parent)) or "mkdocs"
    done = subprocess.run([mkdocs, "build", "--strict", "-f", str(tmp_path / "mkdocs.yml")], capture_output=True,
                          text=True, check=False, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert done.returncode == 0, done.stdout + done.stderr
    assert (tmp_path / "site" / "bases" / "glc" / "index.html").is_file()
    assert "material" in (tmp_path / "site" / "index.html").read_text(encoding="utf-8").lower()
