"""Reproducible checks and release notes (issue 14): the suite's tools are pinned by constraints.txt, used by
the README test command and so by .ci/run; .ci/oldest runs on the lowest bounds; the README tour links the
case guide, the catalogue and the changelog; the changelog says which contracts each law change concerns."""

from __future__ import annotations

import re
from pathlib import Path

import tomllib

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _pins(path: Path) -> dict[str, str]:
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, version = line.split("==")
            found[name.lower()] = version
    return found


def test_suite_tools_are_pinned_and_used_by_ci() -> None:
    pins = _pins(ROOT / "constraints.txt")
    assert {"mypy", "ruff", "pytest", "hypothesis", "mkdocs", "mkdocs-material"} <= set(pins)
    command = re.findall(r"```sh\n(python3 -m venv .*?)\n```", README)[-1]
    assert "-c constraints.txt" in command and command.endswith("python -m pytest")
    assert command in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_test_extra_pulls_in_what_the_suite_runs() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    test_extra = " ".join(project["optional-dependencies"]["test"])
    for tool in ("pytest", "hypothesis", "mypy", "ruff", "mkdocs", "mkdocs-material", "build", "hatchling"):
        assert re.search(rf"(^|\s){re.escape(tool)}([<>=!]|\s|$)", test_extra), tool
    assert project["optional-dependencies"]["docs"]


def test_oldest_job_pins_exactly_the_lower_bounds() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    bounds = {}
    for requirement in project["dependencies"]:
        name, lower = re.match(r"([A-Za-z0-9_.-]+)>=([0-9.]+)", requirement).groups()  # type: ignore[union-attr]
        bounds[name.lower()] = lower
    assert _pins(ROOT / ".ci" / "oldest-constraints.txt") == bounds
    script = (ROOT / ".ci" / "oldest").read_text(encoding="utf-8")
    assert "-c constraints.txt -c .ci/oldest-constraints.txt" in script and "pytest" in script


def test_readme_tour_links_guide_catalogue_and_changelog() -> None:
    tour = README.split("## Quick tour", 1)[1].split("\n## ", 1)[0]
    for target in ("docs/cases.md", "docs/catalogue.py", "CHANGELOG.md", "mkdocs build --strict"):
        assert target in tour


def test_changelog_states_the_contracts_concerned_and_the_policy() -> None:
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "a verdict that changes is announced" in text.lower()
    law = text.split("### Droit encodé", 1)[1].split("\n### ", 1)[0]
    entries = [e for e in law.split("\n- ")[1:] if not e.startswith("**Citations.**")]
    assert len(entries) >= 5
    for entry in entries:
        assert "Contrats concernés :" in entry, entry[:60]
