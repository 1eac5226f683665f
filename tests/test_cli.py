"""The command line: text in both languages, JSON, schema, and a clear error for a bad case."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from garantie.__main__ import main

EXAMPLE = str(Path(__file__).resolve().parents[1] / "examples" / "smartphone.yaml")


def test_text_in_both_languages(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([EXAMPLE, "--lang", "both"]) == 0
    out = capsys.readouterr().out
    assert "Garantie légale de conformité : s'applique" in out
    assert "Legal conformity warranty (garantie légale de conformité): applies" in out


def test_json_round_trips(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([EXAMPLE, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["legal_conformity"]["liability"]["end"] == "2026-04-27"
    assert data["schema_version"]


def test_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--schema"]) == 0
    assert "contract_date" in capsys.readouterr().out


def test_bad_case_exits_3_naming_the_field(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("purchase: {contract_date: 2024-03-10, channel: shop}\n", encoding="utf-8")
    assert main([str(bad)]) == 3  # case errors: 3, distinct from usage errors (2) since issue 10
    err = capsys.readouterr().err
    # French by default (issue 14): the values to type, each with its French label.
    assert "purchase.channel" in err and "'in_store' (en magasin), 'distance' (à distance) ou 'off_premises'" in err
    assert main([str(bad), "--lang", "en"]) == 3
    assert "'in_store', 'distance' or 'off_premises'" in capsys.readouterr().err
