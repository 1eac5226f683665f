"""The command line as subcommands (issue 14): the default evaluate, schema, facts, test, policy through the
registry, --version, stdin, atomic --output, JSON errors, French by default, documented exit codes."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import garantie
from garantie import _cli_io, _commands
from garantie.__main__ import EXIT_CASE, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = str(ROOT / "examples" / "smartphone.yaml")
BAD = "purchase: {contract_date: 2024-03-10, channel: shop}\n"


def test_old_call_is_evaluate_in_french_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([EXAMPLE]) == EXIT_OK
    default = capsys.readouterr().out
    assert default.startswith("Verdict au 20 novembre 2024") and "Legal conformity warranty" not in default
    assert main(["evaluate", EXAMPLE, "--lang", "fr"]) == EXIT_OK
    assert capsys.readouterr().out == default


def test_version_comes_from_the_distribution_metadata(capsys: pytest.CaptureFixture[str]) -> None:
    from importlib import metadata

    assert main(["--version"]) == EXIT_OK
    assert capsys.readouterr().out.strip() == f"garantie {metadata.version('garantie')}"
    assert garantie.__version__ == metadata.version("garantie")


def test_stdin_is_read_for_a_dash() -> None:
    text = Path(EXAMPLE).read_text(encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "garantie", "-", "--json"], input=text, capture_output=True,
                          text=True, check=False)
    assert done.returncode == EXIT_OK, done.stderr
    assert json.loads(done.stdout)["legal_conformity"]["liability"]["end"] == "2026-04-27"


def test_output_file_is_written_whole_and_atomically(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "verdict.json"
    target.write_text("old", encoding="utf-8")
    assert main([EXAMPLE, "--json", "--output", str(target)]) == EXIT_OK
    assert capsys.readouterr().out == ""
    assert json.loads(target.read_text(encoding="utf-8"))["schema_version"]
    assert [p.name for p in tmp_path.iterdir()] == ["verdict.json"]  # no temporary file left behind


def test_output_failure_keeps_the_old_file_and_exits_1(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "verdict.txt"
    target.write_text("old", encoding="utf-8")

    def fail(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(_cli_io.os, "replace", fail)
    assert main([EXAMPLE, "-o", str(target)]) == EXIT_FAILURE
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["verdict.txt"]
    assert "n'a pas pu être écrit" in capsys.readouterr().err


def test_json_errors_are_json_on_stderr(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(BAD, encoding="utf-8")
    assert main([str(bad), "--json", "--lang", "en"]) == EXIT_CASE
    captured = capsys.readouterr()
    error = json.loads(captured.err)["error"]
    assert captured.out == "" and error["exit_code"] == EXIT_CASE and error["kind"] == "input"
    assert error["issues"] == [{"path": "purchase.channel",
                                "message": "Input should be 'in_store', 'distance' or 'off_premises'"}]
    assert main(["evaluate", "--json"]) == EXIT_USAGE  # an argparse error too
    assert json.loads(capsys.readouterr().err)["error"]["kind"] == "usage"


def test_input_errors_are_french_by_default(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("purchase: {contract_date: 2024-03-10, product: {condition: neuf}}\nhistory: [{date: 2024-04-01}]\n",
                   encoding="utf-8")
    assert main([str(bad)]) == EXIT_CASE
    err = capsys.readouterr().err
    assert "2 problèmes dans le dossier" in err
    assert "'new' (neuf), 'used' (d'occasion) ou 'refurbished' (reconditionné)" in err
    assert "cet événement n'a pas de « type »" in err


def test_schema_and_facts_subcommands_and_their_deprecated_flags(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == EXIT_OK
    case_schema = json.loads(capsys.readouterr().out)
    assert case_schema == garantie.Case.model_json_schema()
    assert main(["schema", "verdict"]) == EXIT_OK
    assert json.loads(capsys.readouterr().out) == garantie.Verdict.model_json_schema()
    assert main(["--schema"]) == EXIT_OK  # the old flag still works, with a note
    captured = capsys.readouterr()
    assert json.loads(captured.out) == case_schema and "garantie schema" in captured.err
    assert main(["--schema", "--json"]) == EXIT_OK
    assert json.loads(capsys.readouterr().err)["warning"]["kind"] == "deprecation"
    assert main(["facts"]) == EXIT_OK
    facts = capsys.readouterr().out
    assert main(["--facts"]) == EXIT_OK
    assert capsys.readouterr().out == facts == (ROOT / "docs" / "facts.md").read_text(encoding="utf-8")


def test_policy_runs_through_the_registry(capsys: pytest.CaptureFixture[str]) -> None:
    assert "policy" in _commands.commands()
    assert main(["policy", str(ROOT / "examples" / "policy_boutique.txt"), "--date", "2024-03-10"]) == EXIT_OK
    assert "Clauses signalées : 3" in capsys.readouterr().out


def test_a_registered_subcommand_gets_the_shared_machinery(monkeypatch: pytest.MonkeyPatch,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    """The hook the coordinator uses for serve, batch, letter: one register() call."""
    def add_arguments(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--json", action="store_true")

    def run(args: argparse.Namespace, io: _cli_io.IO) -> int:
        raise garantie.InputError([garantie.InputIssue(("x",), "bad x", fr="x incorrect")])

    monkeypatch.setattr(_commands, "_REGISTRY", dict(_commands._REGISTRY))
    _commands.register(_commands.Command("demo", "a demo", add_arguments, run))
    assert main(["demo", "--json"]) == EXIT_CASE
    assert json.loads(capsys.readouterr().err)["error"]["issues"] == [{"path": "x", "message": "x incorrect"}]
    with pytest.raises(ValueError, match="two subcommands"):
        _commands.register(_commands.Command("demo", "another", add_arguments, run))


def test_help_documents_every_exit_code(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == EXIT_OK
    out = capsys.readouterr().out
    for name in ("evaluate", "schema", "facts", "test", "policy"):
        assert name in out
    for code in range(5):
        assert f"\n  {code}  " in out
    errors_doc = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    assert "garantie test" in errors_doc


def test_the_console_script_is_installed() -> None:
    script = Path(sys.executable).parent / "garantie"
    done = subprocess.run([str(script), "--version"], capture_output=True, text=True, check=False,
                          env={**os.environ})
    assert done.returncode == 0 and done.stdout.startswith("garantie ")
