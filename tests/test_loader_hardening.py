"""Issue 10, loader side (L1-L5, L7): every malformed rule set of the reliability report is refused
with a RuleSetError naming the file and the rule id and key, or the line; quickly, never with a raw
YAML, Unicode or recursion error. And load_rules(dir) notices a changed directory."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from garantie import RuleSet, RuleSetError, load_rules
from garantie.ruleset import default_rules_dir

RULE = """rules:
  glc.scope.x:
    title: {fr: T, en: T}
    citations: [cciv.1604.1804]
    periods: [{from: 2005-02-19}]
    conclude: {glc.scope: covered}
    when: WHEN
    explain: {fr: x, en: x}
    confidence: high
    verified_on: 2026-02-12
"""
TEST = "{fact: purchase.seller.kind, is: professional}"


def _alias_bomb(levels: int) -> str:
    lines = ["\n      all:", f"        - &a0 {TEST}"]
    for i in range(1, levels + 1):
        lines.append(f"        - &a{i} {{all: [" + ", ".join([f"*a{i - 1}"] * 9) + "]}")
    return RULE.replace("WHEN", "\n".join(lines))


def _nested_not(depth: int) -> str:
    condition = TEST
    for _ in range(depth):
        condition = "{not: " + condition + "}"
    return RULE.replace("WHEN", condition)


def _write(name: str, content: str | bytes) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        path = root / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return apply


def _replace(name: str, old: str, new: str) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        path = root / name
        text = path.read_text(encoding="utf-8")
        assert old in text, "the test's edit did not apply"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return apply


# (edit, file, id, key) expected; a key of "line" means the message gives the line instead.
MALFORMED: dict[str, tuple[Callable[[Path], None], str, str | None, str | None]] = {
    "L1 9-level alias bomb in when (1 KB)": (_write("zz.yaml", _alias_bomb(9)), "zz.yaml", "glc.scope.x", "when.all"),
    "L1 5-level alias bomb in when": (_write("zz.yaml", _alias_bomb(5)), "zz.yaml", "glc.scope.x", "when.all"),
    "L2 NUL byte": (_write("zz.yaml", b"questions:\n  purchase.price: {fr: 'a\x00', en: b}\n"), "zz.yaml", None,
                    "line"),
    "L2 other control byte": (_write("zz.yaml", b"questions:\n  purchase.price: {fr: 'a\x07', en: b}\n"),
                              "zz.yaml", None, "line"),
    "L2 non-UTF-8 byte": (_write("zz.yaml", b"questions:\n  purchase.price: {fr: '\xe9t\xe9', en: b}\n"),
                          "zz.yaml", None, "line"),
    "L3 990 nested not": (_write("zz.yaml", _nested_not(990)), "zz.yaml", "glc.scope.x", "when.not.not"),
    "L3 60 nested not": (_write("zz.yaml", _nested_not(60)), "zz.yaml", "glc.scope.x", "when.not.not"),
    "L4 impossible date 2026-02-30": (_replace("conformity/scope.yaml", "verified_on: 2026-02-12",
                                               "verified_on: 2026-02-30"), "conformity/scope.yaml", None, "line"),
    "L4 impossible date 2005-02-29": (_replace("conformity/scope.yaml", "from: 2005-02-19", "from: 2005-02-29"),
                                      "conformity/scope.yaml", None, "line"),
    "L4 duplicate key": (_replace("conformity/scope.yaml", "    confidence: high\n",
                                  "    confidence: high\n    confidence: medium\n"), "conformity/scope.yaml",
                         None, "line"),
    "L4 dangling citation in a parameter value": (
        _replace("parameters/conformity.yaml", "citations: [cconso.L211-12.2005]", "citations: [cconso.L211-12.2099]"),
        "parameters/conformity.yaml", "glc.liability_period_months", "values.citations"),
    "L4 conclusion cycle": (_write("zz_cycle.yaml", RULE.replace("WHEN", "{conclusion: glc.status, is: applies}")),
                            "zz_cycle.yaml", "glc.scope.x", "when"),
    "L4 question for an unknown path": (_write("zz_q.yaml", "questions:\n  purchase.nope: {fr: q, en: q, proof_by: none}\n"),
                                       "zz_q.yaml", "purchase.nope", "questions"),
    "L4 merge key": (_write("zz.yaml", "questions:\n  purchase.price:\n    <<: {fr: a, en: b}\n"), "zz.yaml", None,
                     "line"),
    "L4 list as a key": (_write("zz.yaml", "questions:\n  ? [a, b]\n  : {fr: a, en: b}\n"), "zz.yaml", None, "line"),
    "L4 python tag": (_write("zz.yaml", "questions: !!python/object/apply:os.system ['touch pwned']\n"), "zz.yaml",
                      None, "line"),
    "L5 unbalanced placeholder": (_write("zz.yaml", RULE.replace("WHEN", TEST).replace(
        "explain: {fr: x, en: x}", "explain: {fr: 'x {value', en: 'x'}")), "zz.yaml", "glc.scope.x", "explain.fr"),
    "L5 doubled braces": (_write("zz.yaml", RULE.replace("WHEN", TEST).replace(
        "explain: {fr: x, en: x}", "explain: {fr: 'x', en: 'x {{value}}'}")), "zz.yaml", "glc.scope.x", "explain.en"),
    "L5 stray closing brace": (_write("zz.yaml", RULE.replace("WHEN", TEST).replace(
        "explain: {fr: x, en: x}", "explain: {fr: 'x value}', en: 'x'}")), "zz.yaml", "glc.scope.x", "explain.fr"),
}


@pytest.mark.parametrize("label", list(MALFORMED))
def test_malformed_rule_set_is_refused_and_located(label: str, rules_copy: Path) -> None:
    edit, file, item, key = MALFORMED[label]
    edit(rules_copy)
    started = time.perf_counter()
    with pytest.raises(RuleSetError) as raised:
        RuleSet(rules_copy)
    assert time.perf_counter() - started < 30, "refused, but only after expanding the input"
    error = raised.value
    assert error.file == file, str(error)
    assert len(str(error)) < 1000, "a loader error quotes the input only in short"
    if key == "line":
        assert "line " in str(error), str(error)
    else:
        assert error.item == item, str(error)
        assert error.key is not None and error.key.startswith(key), str(error)
    assert not (Path.cwd() / "pwned").exists()


def test_yaml_aliases_within_bounds_still_load(rules_copy: Path) -> None:
    # rules/withdrawal/refund.yaml writes one month count five times through an alias: a fair use.
    assert "*months" in (rules_copy / "withdrawal" / "refund.yaml").read_text(encoding="utf-8")
    RuleSet(rules_copy)


def test_editor_lock_backup_and_hidden_files_are_skipped(rules_copy: Path) -> None:
    for name in (".#scope.yaml", "conformity/.#period.yaml", "#scope.yaml#", "scope.yaml~", ".scope.yaml.swp"):
        (rules_copy / name).write_bytes(b"\x00 not yaml {{{")
    (rules_copy / ".git").mkdir()
    (rules_copy / ".git" / "x.yaml").write_text("garbage: [", encoding="utf-8")
    assert len(RuleSet(rules_copy).rules) == len(load_rules().rules)


def test_load_rules_notices_a_changed_directory(rules_copy: Path) -> None:
    first = load_rules(rules_copy)
    assert load_rules(rules_copy) is first  # unchanged: served from the cache
    assert load_rules(rules_copy, reload=True) is not first  # asked for: re-read
    second = load_rules(rules_copy)
    scope = rules_copy / "conformity" / "scope.yaml"
    scope.write_text(scope.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    third = load_rules(rules_copy)
    assert third is not second
    # Broken on disk: an error now, not the stale rules.
    scope.write_text(scope.read_text(encoding="utf-8").replace("verified_on: 2026-02-12", "verified_on: 2026-02-30",
                                                               1), encoding="utf-8")
    stat = scope.stat()
    os.utime(scope, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))  # even on a coarse-mtime file system
    with pytest.raises(RuleSetError):
        load_rules(rules_copy)
    shutil.rmtree(rules_copy)
    with pytest.raises(RuleSetError):
        load_rules(rules_copy)


def test_load_rules_bundled_is_read_once() -> None:
    assert load_rules() is load_rules()
    assert load_rules(default_rules_dir()) is load_rules()
