"""Issue 10, command line (C1, C2): exit codes, closed or full output, FIFOs, no traceback ever,
and case files read with YAML 1.2 types."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import garantie
from garantie import _cli_builtin as cli_builtin
from garantie.__main__ import EXIT_CASE, EXIT_FAILURE, EXIT_OK, EXIT_RULES, EXIT_USAGE, main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = str(ROOT / "examples" / "smartphone.yaml")
CASE = "purchase: {contract_date: 2024-03-10, delivery_date: 2024-03-12}\nas_of: 2024-10-01\n"


def shell(command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["sh", "-c", command], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PY": sys.executable}, cwd=ROOT)


def test_exit_codes_are_distinct_and_in_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert len({EXIT_OK, EXIT_FAILURE, EXIT_USAGE, EXIT_CASE, EXIT_RULES}) == 5
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for code in ("0 ", "1 ", "2 ", "3 ", "4 "):
        assert f"  {code} " in out
    assert main(["--bogus"]) == EXIT_USAGE
    assert main([]) == EXIT_USAGE


def test_c1_unknown_top_level_key_beside_case_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    wrapped = tmp_path / "w.yaml"
    wrapped.write_text("case: {purchase: {contract_date: 2024-03-10}, as_of: 2024-10-01}\ntypo_key: 1\n"
                       "expected: {}\n", encoding="utf-8")
    assert main([str(wrapped)]) == EXIT_CASE
    err = capsys.readouterr().err
    assert "typo_key" in err and "expected" in err
    wrapped.write_text("case: {purchase: {contract_date: 2024-03-10}, as_of: 2024-10-01}\nnote: fine\n",
                       encoding="utf-8")
    assert main([str(wrapped)]) == EXIT_OK
    bare = tmp_path / "b.yaml"
    bare.write_text(CASE + "typo_key: 1\n", encoding="utf-8")
    assert main([str(bare)]) == EXIT_CASE


def test_c2_closed_stdout_is_exit_1_with_a_message() -> None:
    result = shell(f'"$PY" -m garantie {EXAMPLE} >&-')
    assert result.returncode == EXIT_FAILURE
    assert "la sortie standard est fermée" in result.stderr


def test_c2_closed_stderr_never_moves_errors_to_stdout() -> None:
    result = shell('"$PY" -m garantie no-such-file.yaml 2>&-')
    assert result.returncode == EXIT_USAGE
    assert result.stdout == ""


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_c2_full_disk_is_exit_1_without_traceback() -> None:
    result = shell(f'"$PY" -m garantie {EXAMPLE} > /dev/full')
    assert result.returncode == EXIT_FAILURE
    assert "n'a pas pu être écrit" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifo_and_device_paths_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fifo = tmp_path / "case.fifo"
    os.mkfifo(fifo)
    assert main([str(fifo)]) == EXIT_USAGE  # and returns at once, instead of waiting for a writer
    assert "pas un fichier ordinaire" in capsys.readouterr().err
    if Path("/dev/zero").exists():
        assert main(["/dev/zero"]) == EXIT_USAGE
    assert main([str(tmp_path)]) == EXIT_USAGE
    assert main([str(tmp_path / "missing.yaml")]) == EXIT_USAGE


def test_case_errors_exit_3_without_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for content in (b"purchase: {contract_date: 9980-01-01}\nas_of: 9980-01-01\n",
                    b"purchase: {contract_date: 2024-03-10}\nas_of: '2024-10-01\x00'\n",
                    b"purchase: {contract_date: 2024-03-10, seller: {name: '\xe9'}}\n",
                    b"purchase: [unclosed\n",
                    b"- a list\n"):
        path = tmp_path / "c.yaml"
        path.write_bytes(content)
        assert main([str(path)]) == EXIT_CASE, content
        err = capsys.readouterr().err
        assert "Traceback" not in err and err.startswith("garantie:")


def test_alias_bomb_case_file_is_a_quick_case_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 9)]
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text("note:\n" + "\n".join("  " + x for x in lines) + "\ncase:\n  purchase: {contract_date: "
                    "2024-01-01}\n  as_of: 2024-02-01\n  history: [{type: *a8, date: 2024-01-02}]\n", encoding="utf-8")
    assert bomb.stat().st_size < 1024
    assert main([str(bomb)]) == EXIT_CASE
    assert "history[0].type" in capsys.readouterr().err


def test_a_bug_prints_one_line_with_the_version(monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(cli_builtin, "evaluate", broken)
    assert main([EXAMPLE]) == EXIT_FAILURE
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and garantie.__version__ in err and "report" in err and "Traceback" not in err


def test_rule_errors_exit_4(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    def conflict(*args: object, **kwargs: object) -> None:
        raise garantie.EvaluationError("date value out of range", rule="glc.x", conclusion="glc.liability_end")

    monkeypatch.setattr(cli_builtin, "evaluate", conflict)
    assert main([EXAMPLE]) == EXIT_RULES
    assert "glc.x" in capsys.readouterr().err


def test_case_files_use_yaml_1_2_types(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    norway = tmp_path / "no.yaml"
    norway.write_text("purchase: {contract_date: 2024-03-10, seller: {kind: professional, country: NO}}\n"
                      "as_of: 2024-10-01\n", encoding="utf-8")
    assert main([str(norway), "--json"]) == EXIT_OK
    capsys.readouterr()
    yes = tmp_path / "yes.yaml"
    yes.write_text("purchase: {contract_date: 2024-03-10, seller: {targets_france: yes}}\nas_of: 2024-10-01\n",
                   encoding="utf-8")
    assert main([str(yes)]) == EXIT_CASE
    assert "purchase.seller.targets_france" in capsys.readouterr().err
    bad_day = tmp_path / "day.yaml"
    bad_day.write_text("purchase: {contract_date: 2024-02-30}\nas_of: 2024-10-01\n", encoding="utf-8")
    assert main([str(bad_day)]) == EXIT_CASE
    assert "purchase.contract_date" in capsys.readouterr().err  # located at its field, not just the file


def test_yaml_1_2_loader_keeps_norway(tmp_path: Path) -> None:
    from garantie._yaml import load_case_yaml

    path = tmp_path / "types.yaml"
    path.write_text("country: NO\nflag: yes\non: off\nn: 010\nh: 0x10\nz: ~\nt: true\n", encoding="utf-8")
    assert load_case_yaml(path) == {"country": "NO", "flag": "yes", "on": "off", "n": 10, "h": 16, "z": None,
                                    "t": True}
