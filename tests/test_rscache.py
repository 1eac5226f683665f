"""The on-disk rule-set cache: keyed, checked, atomic, and never trusted when stale or damaged."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from casefiles import PHONE_CASE

import garantie
from garantie import _rscache
from garantie.ruleset import RuleSet, _cached_build, default_rules_dir, rule_files

CASE = PHONE_CASE


@pytest.fixture
def places(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    found = [tmp_path / "pkg" / "rules.marshal", tmp_path / "user" / "rules.marshal"]
    monkeypatch.setattr(_rscache, "_places", lambda key: found)
    monkeypatch.delenv("GARANTIE_NO_CACHE", raising=False)
    return found


def test_a_hit_gives_the_same_verdicts(places: list[Path]) -> None:
    built = _cached_build(default_rules_dir())  # a miss: built from YAML, then stored
    assert places[0].exists()
    cached = _cached_build(default_rules_dir())  # a hit
    assert cached.documents == built.documents
    # A hit skips the cross-checks and takes what they derived from the cache: it must be what they derive.
    assert cached.derived == built.derived == RuleSet(default_rules_dir()).derived
    assert cached.order == built.order and list(cached.rules) == list(built.rules)
    # The questions' depends_on (derived at load from the rules) comes back too: a hit asks in the same order.
    assert cached.questions == built.questions and cached.derived_depends_on == built.derived_depends_on
    assert cached.questions["purchase.auction_open_to_in_person_attendance"].depends_on
    fresh = garantie.evaluate(CASE, rules=built)  # compiles the segment's engine and stores its code
    assert list(places[0].parent.glob("gen-*.marshal"))
    again = garantie.evaluate(CASE, rules=cached)  # reads that code back
    assert fresh.model_dump_json() == again.model_dump_json()


def test_unwritable_package_dir_falls_back_to_the_user_cache(places: list[Path]) -> None:
    places[0].parent.parent.mkdir(parents=True, exist_ok=True)
    places[0].parent.write_text("a file where the directory should be")
    _cached_build(default_rules_dir())
    assert places[1].exists()


def test_a_damaged_or_stale_cache_is_not_read(places: list[Path]) -> None:
    directory = default_rules_dir()
    key = _rscache.cache_key(directory, rule_files(directory))
    _rscache.store(key, [("x.yaml", {"rules": {"a": dt.date(2024, 1, 1)}})])
    assert _rscache.load(key) == [("x.yaml", {"rules": {"a": dt.date(2024, 1, 1)}})]
    assert _rscache.load("another key") is None  # a different rule set or library version
    blob = bytearray(places[0].read_bytes())
    blob[-3] ^= 0xFF  # one flipped byte in the body
    places[0].write_bytes(bytes(blob))
    assert _rscache.load(key) is None
    places[0].write_bytes(b"garbage")
    assert _rscache.load(key) is None
    assert isinstance(_cached_build(directory), RuleSet)  # and the rule set is rebuilt silently


def test_the_key_follows_every_rule_file(tmp_path: Path) -> None:
    root = tmp_path / "rules"
    shutil.copytree(default_rules_dir(), root)
    before = _rscache.cache_key(root, rule_files(root))
    first = rule_files(root)[0]
    first.write_bytes(first.read_bytes() + b"\n")
    assert _rscache.cache_key(root, rule_files(root)) != before


def test_the_cache_can_be_turned_off(places: list[Path], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GARANTIE_NO_CACHE", "1")
    _cached_build(default_rules_dir())
    assert not places[0].exists() and not places[1].exists()


def test_code_objects_are_checked_like_the_rules(places: list[Path]) -> None:
    code = compile("x = 1", "<test>", "exec")
    _rscache.store_code("k" * 64, "d" * 64, code)
    assert _rscache.load_code("k" * 64, "d" * 64) == code
    assert _rscache.load_code("k" * 64, "e" * 64) is None  # another source: another file, a miss
    stored = next(places[0].parent.glob("gen-*.marshal"))
    stored.write_bytes(stored.read_bytes()[:-1])
    assert _rscache.load_code("k" * 64, "d" * 64) is None


def test_derived_facts_left_out_mean_a_full_check(places: list[Path]) -> None:
    """A cache written without what the checks derived (or with something that does not fit) is checked in full."""
    directory = default_rules_dir()
    built = RuleSet(directory)
    key = _rscache.cache_key(directory, rule_files(directory))
    _rscache.store(key, built.documents)
    assert _rscache.load_all(key) == (built.documents, None)
    assert _cached_build(directory).derived == built.derived
    _rscache.store(key, built.documents, {"digest": "x", "order": [], "rules": {}})  # rules missing
    assert _cached_build(directory).derived == built.derived
