"""A real ``garantie serve`` process on 127.0.0.1 (a free port), spoken to over HTTP, then stopped."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from test_batch import GOOD

import garantie


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "garantie", "serve", "--host", "127.0.0.1", "--port", str(port), "--log-level",
         "warning", "--max-batch-lines", "5"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env={**os.environ, "GARANTIE_TIME_LIMIT": "20"})
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                assert process.stderr is not None
                pytest.fail(f"garantie serve exited: {process.stderr.read().decode()}")
            try:
                if httpx.get(base + "/v1/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("garantie serve did not answer within 60 s")
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=20)


def test_a_real_server_answers_over_http(server: str) -> None:
    with httpx.Client(base_url=server, timeout=30) as client:
        verdict = client.post("/v1/evaluate", json=GOOD)
        assert verdict.status_code == 200
        assert garantie.Verdict.model_validate_json(verdict.content) == garantie.evaluate(GOOD)
        bad = client.post("/v1/evaluate", json={"purchase": {"contract_date": "someday"}})
        assert bad.status_code == 422 and bad.headers["content-type"] == "application/problem+json"
        assert bad.json()["errors"][0]["path"] == "purchase.contract_date"
        lines = client.post("/v1/batch", content=(json.dumps(GOOD) + "\n") * 2).text.splitlines()
        assert [json.loads(line)["id"] for line in lines] == [1, 2]
        assert client.post("/v1/batch", content=b"{}\n" * 6).status_code == 413  # --max-batch-lines 5
        assert client.get("/v1/version").json()["rules_digest"] == garantie.load_rules().digest
        assert "garantie" in client.get("/docs").text
        # The README's curl example.
        example = (Path(__file__).resolve().parents[1] / "examples" / "smartphone.json").read_bytes()
        french = client.post("/v1/evaluate", params={"lang": "fr"}, content=example,
                             headers={"content-type": "application/json"})
        assert french.status_code == 200 and french.json()["status"] == "actionable"


def test_the_readme_letter_and_policy_requests_over_http(server: str) -> None:
    """The README's letter and policy-check curl examples, against the real server."""
    examples = Path(__file__).resolve().parents[1] / "examples"
    case = examples.joinpath("smartphone.json").read_bytes()
    with httpx.Client(base_url=server, timeout=30) as client:
        pdf = client.post("/v1/letters/conformity_notice", params={"lang": "fr", "format": "pdf"}, content=case,
                          headers={"content-type": "application/json"})
        assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
        assert pdf.content.startswith(b"%PDF")
        text = client.post("/v1/letters/conformity_notice", content=case, headers={"content-type": "application/json"})
        assert "5 décembre 2024" in text.text and "art. L217-" in text.text
        refused = client.post("/v1/letters/withdrawal", content=case, headers={"content-type": "application/json"})
        assert refused.status_code == 422 and refused.json()["type"] == "urn:garantie:problem:letter-not-applicable"
        report = client.post("/v1/policy-check", params={"date": "2024-03-10", "lang": "fr"},
                             content=examples.joinpath("policy_boutique.txt").read_bytes(),
                             headers={"content-type": "text/plain; charset=utf-8"})
        assert report.status_code == 200
        assert "policy.remedy.seller_chooses" in [f["rule_id"] for f in report.json()["findings"]]
