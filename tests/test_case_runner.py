"""The shipped case runner (issue 14): `garantie test PATH…` prints each case's pass or failure with the
first difference and exits non-zero on failure; `pytest --garantie-cases DIR` runs the same cases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from garantie.__main__ import main
from garantie.testing import CaseFileError, check_case, load_cases

pytest_plugins = ["pytester"]

ROOT = Path(__file__).resolve().parents[1]
GOOD = """cases:
  - name: phone fails at six months
    input:
      purchase: {contract_date: 2024-03-10, delivery_date: 2024-03-12, channel: distance, sale_mode: ordinary,
                 seller: {kind: professional, country: FR}, buyer: {kind: consumer},
                 product: {condition: new, nature: goods}}
      defect: {appeared_on: 2024-09-15, known_on: 2024-09-15, cause: unknown, accepted_deviation: false}
      as_of: 2024-10-01
    expect:
      legal_conformity.status: applies
      legal_conformity.liability.end: 2026-03-12
      reasons: [glc.scope.professional_to_consumer]
  - name: a bad channel
    input: {purchase: {contract_date: 2024-03-10, channel: shop}}
    error: [purchase.channel]
"""
WRONG = GOOD.replace("legal_conformity.liability.end: 2026-03-12", "legal_conformity.liability.end: 2025-03-12")


def test_passing_cases_exit_0_with_one_line_each(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "mine.yaml").write_text(GOOD, encoding="utf-8")
    assert main(["test", str(tmp_path), "--lang", "en"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == ["passed       mine.yaml::phone fails at six months", "passed       mine.yaml::a bad channel",
                   "2 passed, 0 failed of 2 cases"]


def test_a_failing_case_shows_its_first_difference_and_exits_1(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(WRONG, encoding="utf-8")
    assert main(["test", str(path)]) == 1
    out = capsys.readouterr().out
    assert ("ÉCHEC        mine.yaml::phone fails at six months — legal_conformity.liability.end: expected "
            "'2025-03-12', got '2026-03-12'") in out
    assert "1 réussi(s), 1 échec(s) sur 2 cas" in out
    assert main(["test", str(path), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["failed"] == 1 and report["cases"][0]["outcome"] == "failed"


def test_a_malformed_case_file_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "bad.yaml").write_text("cases:\n  - {name: x, input: {}, expect: {}, error: []}\n", encoding="utf-8")
    assert main(["test", str(tmp_path)]) == 2
    assert "keys are name, input, and expect or error" in capsys.readouterr().err
    with pytest.raises(CaseFileError):
        load_cases(tmp_path / "missing")


def test_known_bug_cases_must_fail_as_announced(tmp_path: Path) -> None:
    marked = WRONG.replace("    expect:\n      legal_conformity.status", "    known_bug: {issue: demo, raises: "
                           "AssertionError}\n    expect:\n      legal_conformity.status", 1)
    (tmp_path / "bug.yaml").write_text(marked, encoding="utf-8")
    first = load_cases(tmp_path)[0]
    assert check_case(first).outcome == "known_bug"
    fixed = load_cases(tmp_path)[0].__class__(**{**first.__dict__, "expect": {"legal_conformity.status": "applies"}})
    assert check_case(fixed).outcome == "failed"  # fixed: the marker must go


def test_project_cases_run_through_the_same_code() -> None:
    import casefiles

    assert casefiles.load_cases.__module__ == "casefiles"
    assert casefiles.load_cases() == load_cases(ROOT / "tests" / "cases")


def test_pytest_plugin_runs_a_directory_of_cases(pytester: pytest.Pytester) -> None:
    cases = pytester.mkdir("cases")
    (cases / "mine.yaml").write_text(GOOD, encoding="utf-8")
    (cases / "wrong.yaml").write_text(WRONG, encoding="utf-8")
    result = pytester.runpytest_subprocess("--garantie-cases", str(cases), "-p", "no:cacheprovider", "-rA")
    result.assert_outcomes(passed=3, failed=1)
    result.stdout.fnmatch_lines(["*legal_conformity.liability.end: expected '2025-03-12', got '2026-03-12'*"])
