"""The built wheel, installed on its own, carries rules/ and evaluates a case."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

CHECK = """
import pathlib, sys, garantie
from garantie.ruleset import default_rules_dir
target = pathlib.Path(sys.argv[1]).resolve()
assert pathlib.Path(garantie.__file__).resolve().is_relative_to(target), garantie.__file__
assert default_rules_dir().resolve().is_relative_to(target), default_rules_dir()
verdict = garantie.evaluate({"purchase": {"contract_date": "2019-01-20", "delivery_date": "2019-01-20",
    "sale_mode": "ordinary", "seller": {"kind": "professional"}, "buyer": {"kind": "consumer"},
    "product": {"condition": "new", "nature": "goods"}},
    "defect": {"appeared_on": "2020-09-20", "known_on": "2020-09-20", "cause": "unknown", "known_at_purchase": False},
    "as_of": "2024-09-20"})
print(verdict.legal_conformity.status, verdict.legal_conformity.action_deadline)
report = garantie.check_policy("Garantie : 1 an.", contract_date="2024-01-01")  # rules/clauses ships too
print(report.findings[0].rule_id)
"""


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(ROOT)],
                   check=True, capture_output=True, text=True)
    (found,) = out.glob("garantie-*.whl")
    return found


def test_wheel_contains_rules_and_typing_marker(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "garantie/py.typed" in names
    shipped = {n.removeprefix("garantie/rules/") for n in names if n.startswith("garantie/rules/")
               and n.endswith((".yaml", ".j2"))}
    # rule files and letter templates (rules/letters/*.j2)
    in_repo = {str(p.relative_to(ROOT / "rules")) for p in (ROOT / "rules").rglob("*")
               if p.is_file() and p.suffix in (".yaml", ".j2")}
    assert in_repo and shipped == in_repo


def test_installed_wheel_finds_its_rules_and_evaluates(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), str(wheel)],
                   check=True, capture_output=True, text=True)
    result = subprocess.run([sys.executable, "-c", CHECK, str(target)], cwd=tmp_path, capture_output=True,
                            text=True, env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    # SC-02 variant: contract 2019, old regime, action time-barred two years after delivery.
    assert result.stdout.split() == ["time_barred", "2021-01-20", "policy.duration.short_without_legal"]


def test_wheel_carries_the_licence_urls_and_one_version(wheel: Path) -> None:
    """LICENSE ships in the wheel; the metadata has the project URLs; the version is pyproject's only."""
    import tomllib

    archive = zipfile.ZipFile(wheel)
    names = archive.namelist()
    licences = [n for n in names if ".dist-info/" in n and n.endswith("LICENSE")]
    assert licences and archive.read(licences[0]) == (ROOT / "LICENSE").read_bytes()
    metadata = archive.read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode("utf-8")
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    assert f"\nVersion: {version}\n" in metadata
    assert "Project-URL: Changelog, " in metadata and "Project-URL: Homepage, " in metadata
    sources = [p for p in (ROOT / "src" / "garantie").rglob("*.py") if version in p.read_text(encoding="utf-8")]
    assert not sources, f"the version is written in {sources}: read it from the metadata (garantie._version)"
    assert "MIT License" in (ROOT / "LICENSE").read_text(encoding="utf-8")
    entry_points = archive.read(next(n for n in names if n.endswith(".dist-info/entry_points.txt"))).decode()
    assert "garantie = garantie.testing.plugin" in entry_points  # pytest --garantie-cases


def test_sdist_carries_the_licence_and_changelog(tmp_path: Path) -> None:
    import tarfile

    subprocess.run([sys.executable, "-m", "build", "--sdist", "--no-isolation", "--outdir", str(tmp_path), str(ROOT)],
                   check=True, capture_output=True, text=True)
    (found,) = tmp_path.glob("garantie-*.tar.gz")
    with tarfile.open(found) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    assert {"LICENSE", "CHANGELOG.md", "constraints.txt", "examples/overlay/rules.yaml"} <= names
