"""``garantie batch`` and ``evaluate_many``: one record per line in input order, bad lines as error records,
worker processes giving the verdicts ``evaluate()`` gives, no partial output, reuse of unchanged verdicts."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from casefiles import load_cases

import garantie
from garantie.batch import _records, case_sha256, evaluate_many, prune_texts
from garantie.batch._cli import main

ROOT = Path(__file__).resolve().parents[1]
GOOD = {"purchase": {"contract_date": "2024-03-10", "delivery_date": "2024-03-12", "channel": "distance",
                     "sale_mode": "ordinary", "seller": {"kind": "professional", "country": "FR"},
                     "buyer": {"kind": "consumer"}, "product": {"condition": "new", "nature": "goods"}},
        "defect": {"appeared_on": "2024-09-15", "known_on": "2024-09-15", "cause": "unknown",
                   "accepted_deviation": False},
        "as_of": "2024-10-01"}  # the README's example: actionable
TODAY = dt.date(2025, 1, 15)


def _cases(count: int) -> list[dict[str, Any]]:
    """Inputs of the repository's case files (valid ones), with their names as ids."""
    found = [c for c in load_cases() if c.error is None and c.known_bug is None][:count]
    return [{"id": c.id, "case": json.loads(json.dumps(c.input, default=str))} for c in found]


def _expected(case: dict[str, Any]) -> dict[str, Any]:
    return garantie.evaluate(case, today=TODAY).model_dump(mode="json", include_texts=True)


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def _read(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_two_workers_give_evaluates_verdicts_in_input_order() -> None:
    cases = _cases(40)
    records = list(evaluate_many(cases, workers=2, today=TODAY, chunk_size=3))
    assert [r.id for r in records] == [c["id"] for c in cases]
    for record, case in zip(records, cases, strict=True):
        assert record.data["verdict"] == _expected(case["case"]), record.id
        assert record.data["case_sha256"] == case_sha256(case["case"])
        assert record.verdict() == garantie.evaluate(case["case"], today=TODAY)


def test_bad_lines_become_error_records_and_the_batch_goes_on(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    lines = [json.dumps({"id": "ok-1", **GOOD}), "not json", "", json.dumps([1, 2]),
             json.dumps({"id": "bad-date", "purchase": {"contract_date": "2024-03-10", "delivery_date": "2024-03-01"},
                         "as_of": "2024-04-01"}),
             json.dumps({"id": True, **GOOD}), json.dumps({"case": GOOD}),
             json.dumps({"id": 7, "purchase": {"contract_date": "2024-02-30", "channel": "shop"}})]
    source = _write(tmp_path / "in.jsonl", lines)
    out = tmp_path / "out.jsonl"
    assert main([str(source), "-o", str(out), "--workers", "1", "--no-progress"]) == 0
    records = _read(out)
    assert [r["id"] for r in records] == ["ok-1", 2, 3, 4, "bad-date", 6, 7, 7]
    assert records[0]["verdict"] == _expected(GOOD) and records[6]["verdict"] == records[0]["verdict"]
    errors = {r["id"]: r["error"] for r in records if "error" in r}
    assert all(e["type"] == "InputError" for e in errors.values())
    assert "not valid JSON" in errors[2]["message"] and "empty line" in errors[3]["message"]
    assert errors["bad-date"]["paths"] == ["purchase.delivery_date"]
    assert errors[6]["paths"] == ["id"]
    assert errors[7]["paths"] == ["purchase.contract_date", "purchase.channel"]
    summary = capsys.readouterr().err
    assert "8 records" in summary and "errors 6 (InputError 6)" in summary and "actionable 2" in summary
    stamp = garantie.evaluate(GOOD).provenance
    assert stamp.rules_digest in summary and f"garantie {stamp.garantie}" in summary


def test_an_internal_error_is_a_record_not_a_crash(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(case: Any, **_: Any) -> Any:
        if isinstance(case, dict) and case.get("as_of") == "2024-10-02":
            raise ZeroDivisionError("boom")
        return garantie.evaluate(case, **_)

    monkeypatch.setattr(_records, "evaluate", broken)
    records = list(evaluate_many([GOOD, {**GOOD, "as_of": "2024-10-02"}, GOOD]))
    assert [r.status for r in records] == ["actionable", None, "actionable"]
    assert records[1].data["error"] == {"type": "InternalError", "paths": [],
                                        "message": "unexpected ZeroDivisionError: boom"}


def test_an_interrupted_run_leaves_no_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = _write(tmp_path / "in.jsonl", [json.dumps(GOOD)] * 5)
    out = tmp_path / "out.jsonl"
    calls = []

    def interrupted(case: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return garantie.evaluate(case, **kwargs)

    monkeypatch.setattr(_records, "evaluate", interrupted)
    assert main([str(source), "-o", str(out), "--workers", "1", "--no-progress"]) == 130
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl"]  # neither the output nor its temporary
    # An earlier complete output is left as it was.
    out.write_text("earlier\n", encoding="utf-8")
    calls.clear()
    assert main([str(source), "-o", str(out), "--workers", "1", "--no-progress"]) == 130
    assert out.read_text(encoding="utf-8") == "earlier\n"


def test_a_killed_run_leaves_only_a_hidden_temporary(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    process = subprocess.Popen([sys.executable, "-m", "garantie", "batch", "-", "-o", str(out), "--workers", "1",
                                "--no-progress"], stdin=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        assert process.stdin is not None
        process.stdin.write((json.dumps(GOOD) + "\n").encode() * 3)
        process.stdin.flush()  # and the input stays open: the run is in progress
        for _ in range(600):
            if any(p.name.endswith(".part") for p in tmp_path.iterdir()):
                break
            time.sleep(0.1)
    finally:
        process.kill()
        process.wait(timeout=30)
    left = [p.name for p in tmp_path.iterdir()]
    assert len(left) == 1 and left[0].startswith(".out.jsonl.") and left[0].endswith(".part"), left
    assert not out.exists()


def test_previous_reuses_unchanged_cases_with_an_explicit_as_of(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    no_as_of = {key: value for key, value in GOOD.items() if key != "as_of"}
    first = [json.dumps({"id": "a", **GOOD}), json.dumps({"id": "b", **{**GOOD, "as_of": "2024-11-01"}}),
             json.dumps({"id": "c", **no_as_of})]
    old = tmp_path / "old.jsonl"
    assert main([str(_write(tmp_path / "in1.jsonl", first)), "-o", str(old), "--today", "2024-12-01",
                 "--no-progress"]) == 0
    # Reorder keys (same content), rename an id, change one case, keep the case without as_of.
    reordered = {"as_of": GOOD["as_of"], "defect": GOOD["defect"], "purchase": GOOD["purchase"]}
    second = [json.dumps({"id": "a2", **reordered}), json.dumps({"id": "b", **{**GOOD, "as_of": "2024-11-02"}}),
              json.dumps({"id": "c", **no_as_of})]
    new = tmp_path / "new.jsonl"
    capsys.readouterr()
    assert main([str(_write(tmp_path / "in2.jsonl", second)), "-o", str(new), "--previous", str(old),
                 "--today", "2024-12-01", "--no-progress"]) == 0
    assert "reused 1 from" in capsys.readouterr().err
    before, after = _read(old), _read(new)
    assert after[0] == {**before[0], "id": "a2"}
    assert after[1]["verdict"]["as_of"] == "2024-11-02"
    assert after[2]["verdict"] == before[2]["verdict"]  # evaluated again (same day here), not reused
    # A previous output written with other texts, or by other rules, is not reused.
    capsys.readouterr()
    assert main([str(tmp_path / "in2.jsonl"), "-o", str(tmp_path / "fr.jsonl"), "--previous", str(old),
                 "--lang", "fr", "--no-progress"]) == 0
    assert "reused 0 from" in capsys.readouterr().err
    stale = tmp_path / "stale.jsonl"
    record = before[0]
    record["verdict"]["provenance"]["rules_digest"] = "sha256:" + "0" * 64
    _write(stale, [json.dumps(record)])
    assert main([str(tmp_path / "in2.jsonl"), "-o", str(new), "--previous", str(stale), "--no-progress"]) == 0
    assert "reused 0 from" in capsys.readouterr().err


def test_lang_and_texts_prune_only_texts() -> None:
    full = garantie.evaluate(GOOD).model_dump(mode="json", include_texts=True)
    (french,) = [r.data["verdict"] for r in evaluate_many([GOOD], lang="fr")]
    (bare,) = [r.data["verdict"] for r in evaluate_many([GOOD], texts=False)]
    assert french == prune_texts(full, "fr", True) and bare == prune_texts(full, None, False)
    assert all("fr" in r and "en" not in r for r in french["reasons"])
    assert all("fr" not in r and "en" not in r for r in bare["reasons"] + bare["warnings"])
    assert bare["legal_conformity"]["liability"] == full["legal_conformity"]["liability"]
    assert [r["rule_id"] for r in bare["reasons"]] == [r["rule_id"] for r in full["reasons"]]


def test_case_hash_ignores_key_order_and_sees_every_value() -> None:
    same = json.loads(json.dumps(GOOD, sort_keys=True))
    assert case_sha256(GOOD) == case_sha256(same) == case_sha256(garantie.parse_case(GOOD))
    assert case_sha256(GOOD) != case_sha256({**GOOD, "as_of": "2024-10-02"})


def test_progress_bar_on_a_terminal(tmp_path: Path) -> None:
    """On a terminal (a pseudo-terminal here) a bar shows the rate and the ETA on standard error, without being
    asked; the summary line ends the run. Off a terminal there is no bar, only the summary."""
    import fcntl
    import pty
    import struct
    import termios

    source = _write(tmp_path / "in.jsonl", [json.dumps(GOOD)] * 3)
    command = [sys.executable, "-m", "garantie", "batch", str(source), "-o", str(tmp_path / "o.jsonl"), "--workers",
               "1"]
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 120, 0, 0))  # a 120-column terminal
    try:
        result = subprocess.run(command, stderr=follower, stdout=subprocess.DEVNULL, timeout=120,
                                env={**os.environ, "COLUMNS": "120"})
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal is closed once everything was read
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(leader)
    shown = b"".join(chunks).decode()
    assert result.returncode == 0, shown
    assert "3/3" in shown and "case/s" in shown and "00:00" in shown  # count, rate, elapsed<ETA
    assert shown.rstrip().splitlines()[-1].startswith("garantie batch:")
    piped = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert piped.stderr.startswith("garantie batch:") and "case/s" not in piped.stderr


def test_usage_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(tmp_path / "missing.jsonl"), "-o", str(tmp_path / "o.jsonl")]) == 2
    assert "missing.jsonl" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main([str(tmp_path / "x.jsonl")])  # -o is required
    assert "--output" in capsys.readouterr().err
    source = _write(tmp_path / "in.jsonl", [json.dumps(GOOD)])
    (tmp_path / "a-directory").mkdir()
    assert main([str(source), "-o", str(tmp_path / "o.jsonl"), "--previous", str(tmp_path / "a-directory")]) == 2
    assert main([str(source), "-o", str(tmp_path / "no" / "o.jsonl")]) == 2
    assert "cannot write" in capsys.readouterr().err


def test_the_garantie_command_dispatches_batch(tmp_path: Path) -> None:
    from garantie.__main__ import main as garantie_main

    source = _write(tmp_path / "in.jsonl", [json.dumps(GOOD)])
    assert garantie_main(["batch", str(source), "-o", str(tmp_path / "o.jsonl"), "--no-progress"]) == 0
    assert _read(tmp_path / "o.jsonl")[0]["id"] == 1


def test_bad_arguments_and_a_broken_rule_set_fail_at_the_call(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        evaluate_many([GOOD], workers=0)
    (tmp_path / "broken.yaml").write_text("rules: {Bad Id: {}}\n", encoding="utf-8")
    with pytest.raises(garantie.RuleSetError):
        evaluate_many([GOOD], rules=tmp_path)
    assert main([str(_write(tmp_path / "in.jsonl", [json.dumps(GOOD)])), "-o", str(tmp_path / "o.jsonl"),
                 "--rules", str(tmp_path), "--no-progress"]) == 2
    assert not (tmp_path / "o.jsonl").exists()


def test_previous_records_in_another_layout_and_a_first_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Records rewritten by another tool (spaces, other key order) are still recognised; a missing previous
    file on a first run reuses nothing and says so; a plain string is refused (path or lines)."""
    (first,) = evaluate_many([{"id": "x", **GOOD}])
    reformatted = json.dumps(dict(reversed(list(first.data.items()))), indent=None)
    assert not reformatted.startswith('{"id"')
    (again,) = evaluate_many([{"id": "y", **GOOD}], previous=[reformatted])
    assert again.reused and again.id == "y" and again.status == "actionable"
    assert again.data == {**first.data, "id": "y"}
    (own,) = evaluate_many([{"id": "z", **GOOD}], previous=[first.line])
    assert own.reused and own.data == {**first.data, "id": "z"} and own.status == "actionable"
    with pytest.raises(TypeError):
        evaluate_many([GOOD], previous=first.line)  # type: ignore[arg-type]
    source = _write(tmp_path / "in.jsonl", [json.dumps(GOOD)])
    assert main([str(source), "-o", str(tmp_path / "o.jsonl"), "--previous", str(tmp_path / "none.jsonl"),
                 "--no-progress"]) == 0
    assert "reused 0 from" in (summary := capsys.readouterr().err) and "(not found)" in summary


def test_previous_may_be_the_output_itself(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = _write(tmp_path / "in.jsonl", [json.dumps({"id": n, **GOOD}) for n in range(3)])
    out = tmp_path / "out.jsonl"
    assert main([str(source), "-o", str(out), "--no-progress"]) == 0
    before = out.read_text(encoding="utf-8")
    capsys.readouterr()
    assert main([str(source), "-o", str(out), "--previous", str(out), "--workers", "2", "--no-progress"]) == 0
    assert "reused 3 from" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == before
