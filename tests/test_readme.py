"""The README shows real output and the commands CI runs; these tests keep it honest."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import garantie
from garantie.__main__ import main
from garantie._yaml import load_yaml

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_example_output_is_what_the_example_gives() -> None:
    shown = re.search(r"```text\n(.*?)```", README, re.S)
    assert shown is not None
    case = load_yaml(ROOT / "examples" / "smartphone.yaml", error=ValueError)
    actual = garantie.evaluate(case).explain("en")
    assert actual.startswith(shown.group(1)), "refresh the README excerpt from the example's output"
    for section in ("What you can demand:", "Recommended next step:", "Commercial warranty:", "Strongest route:"):
        assert section in shown.group(1)


def test_ci_runs_the_readme_test_command() -> None:
    commands = re.findall(r"```sh\n(python3 -m venv .*?)\n```", README)
    assert len(commands) == 2, commands
    main_job, tests = commands
    assert "python -m garantie examples/" in main_job
    assert tests.endswith("python -m pytest")
    assert tests in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_readme_policy_example_is_what_the_command_prints(capsys: pytest.CaptureFixture[str]) -> None:
    section = README.split("## Checking a seller's policy", 1)[1]
    shown = re.search(r"```text\n(.*?)```", section, re.S)
    assert shown is not None
    assert main(["policy", str(ROOT / "examples" / "policy_boutique.txt"), "--date", "2024-03-10"]) == 0
    printed = capsys.readouterr().out
    assert printed == shown.group(1), "refresh the README policy example from the command's output"
    assert "Formulation licite" in printed and "art. L217-9" in printed


def test_ci_installs_poppler_before_the_test_command() -> None:
    run = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "poppler-utils" in run and run.index("poppler-utils") < run.index("python -m pytest")
    assert run.rstrip().endswith("python -m pytest")


def test_readme_letter_command_writes_the_formal_notice(tmp_path: Path) -> None:
    from garantie.__main__ import main

    (command,) = re.findall(r"```sh\n\.venv/bin/python -m garantie (letter .*?)\n```", README)
    args = command.split()
    assert args[args.index("-o") + 1] == "mise-en-demeure.pdf"
    args[args.index("-o") + 1] = str(tmp_path / "notice.md")
    args[args.index("--format") + 1] = "md"  # the PDF itself is checked in tests/test_letters.py
    args[1] = str(ROOT / args[1])
    assert main(args) == 0
    assert "Mise en demeure" in (tmp_path / "notice.md").read_text(encoding="utf-8")
