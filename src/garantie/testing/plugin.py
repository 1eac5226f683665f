"""pytest plugin: ``pytest --garantie-cases DIR`` runs your case files as tests, one test per case.

Registered through the ``pytest11`` entry point, so installing garantie is enough. ``--garantie-rules DIR``
layers an overlay of rule files on the bundled rules for those cases.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from garantie.ruleset import RuleSet, load_rules
from garantie.testing._casefiles import CaseFile, load_cases
from garantie.testing._run import check_case

__all__ = ["CaseItem", "pytest_addoption", "pytest_collection_modifyitems"]


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("garantie")
    group.addoption("--garantie-cases", action="append", default=[], metavar="DIR",
                    help="run the garantie case files of DIR (or a file) as tests; repeatable")
    group.addoption("--garantie-rules", action="append", default=[], metavar="DIR",
                    help="an overlay of rule files for those cases (load_rules(extra=[DIR]))")


class CaseItem(pytest.Item):
    """One case of a case file."""

    def __init__(self, *, case: CaseFile, rules: RuleSet, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.case = case
        self.rules = rules

    def runtest(self) -> None:
        result = check_case(self.case, self.rules)
        if result.outcome == "known_bug":
            pytest.xfail(result.failures[0])
        if result.outcome == "failed":
            raise CaseFailed(result.failures, result.explanation)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, CaseFailed):
            return "\n".join(excinfo.value.failures)
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, f"garantie case {self.case.id}"


class CaseFailed(AssertionError):
    """The verdict differs from what the case expects."""

    def __init__(self, failures: tuple[str, ...], explanation: str) -> None:
        super().__init__("\n".join(failures))
        self.failures = failures
        self.explanation = explanation


def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list[pytest.Item]) -> None:
    directories = [Path(d) for d in config.getoption("--garantie-cases")]
    if not directories:
        return
    overlays = [Path(d) for d in config.getoption("--garantie-rules")]
    rules = load_rules(extra=overlays) if overlays else load_rules()
    for directory in directories:
        for case in load_cases(directory):
            path = (directory / case.file) if directory.is_dir() else directory
            items.append(CaseItem.from_parent(session, name=case.id, path=path.resolve(), case=case, rules=rules))
