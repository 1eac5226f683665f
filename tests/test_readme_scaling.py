"""The README's "Serve it", "Run a batch" and Dask examples run as written, on the files they name."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from garantie._yaml import load_yaml
from garantie.batch._cli import main as batch_main

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _section(title: str) -> str:
    found = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## )", README, re.S | re.M)
    assert found is not None, title
    return found.group(1)


def _yaml(name: str) -> object:
    return json.loads(json.dumps(load_yaml(ROOT / "examples" / name, error=ValueError), default=str))


def test_example_json_files_are_the_yaml_examples() -> None:
    assert json.loads((ROOT / "examples" / "smartphone.json").read_text(encoding="utf-8")) == _yaml("smartphone.yaml")
    lines = [json.loads(line) for line in (ROOT / "examples" / "cases.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [line["case"] for line in lines[:2]] == [_yaml("smartphone.yaml"), _yaml("repair_not_done.yaml")]


def test_serve_section_names_what_exists() -> None:
    text = _section("Serve it")
    assert "python -m garantie serve" in text and "--data @examples/smartphone.json" in text
    assert "no\nauthentication" in text or "no authentication" in text.replace("\n", " ").replace("**", "")


def test_batch_command_runs_as_written(tmp_path: Path) -> None:
    block = re.search(r"```sh\n.*?\n(\.venv/bin/python -m garantie batch .*?)\n```", _section("Run a batch"), re.S)
    assert block is not None
    args = shlex.split(block.group(1))[3:]  # after ".venv/bin/python -m garantie"
    assert args[0] == "batch"
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    args = [str(tmp_path / a) if a.startswith("examples/") or a.endswith(".jsonl") else a for a in args[1:]]
    assert batch_main([*args, "--no-progress"]) == 0
    records = [json.loads(line) for line in (tmp_path / "verdicts.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == ["SAV-1001", "SAV-1002", "SAV-1003"]
    assert records[0]["verdict"]["status"] == "actionable" and records[2]["error"]["paths"] == ["purchase.channel"]


def test_dask_example_runs_as_written(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    code = re.search(r"### Beyond one machine: Dask\n.*?```python\n(.*?)```", README, re.S)
    assert code is not None
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    # The example's cluster, bound to 127.0.0.1 without its dashboard port, as tests must.
    script = code.group(1).replace("LocalCluster(n_workers=2, threads_per_worker=1)",
                                   "LocalCluster(n_workers=2, threads_per_worker=1, host='127.0.0.1', "
                                   "dashboard_address=None)")
    assert script != code.group(1)
    (tmp_path / "example.py").write_text(script, encoding="utf-8")
    subprocess.run([sys.executable, "example.py"], cwd=tmp_path, check=True, timeout=300, capture_output=True)
    records = [json.loads(line) for part in sorted((tmp_path / "verdicts").glob("part-*.jsonl"))
               for line in part.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == ["SAV-1001", "SAV-1002", "SAV-1003"]
