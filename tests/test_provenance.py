"""Every verdict says which garantie and which rule files produced it; the digest is a fingerprint of the
rule files alone (not of where they are, nor of the order the file system lists them in)."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

import garantie
from garantie.ruleset import RuleSet, default_rules_dir, rules_digest

CASE = {"purchase": {"contract_date": "2024-03-10", "delivery_date": "2024-03-12"}, "as_of": "2024-10-01"}


def _copy(target: Path, *, reverse: bool = False) -> Path:
    """Copy the bundled rules, writing the files in reverse order when asked (another listing order)."""
    source = default_rules_dir()
    files = sorted(p for p in source.rglob("*") if p.is_file())
    for path in reversed(files) if reverse else files:
        out = target / path.relative_to(source)
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, out)
    return target


def test_every_verdict_carries_its_provenance() -> None:
    verdict = garantie.evaluate(CASE)
    rules = garantie.load_rules()
    assert verdict.provenance.garantie == garantie.__version__
    assert verdict.provenance.schema_version == garantie.SCHEMA_VERSION == verdict.schema_version
    assert verdict.provenance.rules_digest == rules.digest == rules_digest(default_rules_dir())
    assert verdict.provenance.rules_verified_on == max(r.verified_on for r in rules.rules.values())
    assert garantie.Verdict.model_validate_json(verdict.model_dump_json()) == verdict


def test_digest_ignores_location_and_listing_order(tmp_path: Path) -> None:
    here = rules_digest(default_rules_dir())
    assert rules_digest(_copy(tmp_path / "a" / "deep" / "rules")) == here
    assert rules_digest(_copy(tmp_path / "b", reverse=True)) == here


def test_digest_is_stable_across_runs() -> None:
    code = "from garantie.ruleset import default_rules_dir, rules_digest; print(rules_digest(default_rules_dir()))"
    runs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
            for _ in range(2)}
    assert runs == {rules_digest(default_rules_dir())}


def test_digest_ignores_crlf_line_ends(tmp_path: Path) -> None:
    rules = _copy(tmp_path / "rules")
    target = rules / "parameters" / "conformity.yaml"
    target.write_bytes(target.read_bytes().replace(b"\n", b"\r\n"))
    assert rules_digest(rules) == rules_digest(default_rules_dir())


def test_digest_changes_when_a_rule_file_changes(tmp_path: Path) -> None:
    rules = _copy(tmp_path / "rules")
    before = RuleSet(rules)
    target = rules / "conformity" / "scope.yaml"
    target.write_text(target.read_text(encoding="utf-8") + "\n# a reviewer's note\n", encoding="utf-8")
    after = RuleSet(rules)
    assert after.digest != before.digest
    assert garantie.evaluate(CASE, rules=after).provenance.rules_digest == after.digest
    # Renaming a file changes it too: the path is part of what was loaded.
    target.rename(rules / "conformity" / "scope2.yaml")
    assert rules_digest(rules) not in (before.digest, after.digest)


def test_latest_verified_on_is_the_rule_sets(tmp_path: Path) -> None:
    rules = _copy(tmp_path / "rules")
    target = rules / "conformity" / "scope.yaml"
    text = target.read_text(encoding="utf-8")
    first = next(line for line in text.splitlines() if "verified_on:" in line)
    target.write_text(text.replace(first, first.split("verified_on:")[0] + "verified_on: 2031-01-15", 1),
                      encoding="utf-8")
    assert RuleSet(rules).verified_on == dt.date(2031, 1, 15)
