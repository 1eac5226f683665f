"""The HTTP API in process, through the ASGI client: verdicts as ``evaluate()`` gives them, problem documents
(RFC 9457) with the same content as ``InputError``, limits, CORS off by default, the rule set loaded once."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import anyio
import httpx
import pytest
from test_batch import GOOD

import garantie
from garantie import ruleset as ruleset_module
from garantie.errors import RuleConflictError
from garantie.server import Settings, _app, create_app

APP = create_app()


def call(method: str, url: str, app: Any = APP, **kwargs: Any) -> httpx.Response:
    async def go() -> httpx.Response:
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://garantie.test") as client:
            return await client.request(method, url, **kwargs)
    return anyio.run(go)


def test_evaluate_gives_the_verdict_evaluate_gives() -> None:
    response = call("POST", "/v1/evaluate", json=GOOD)
    assert response.status_code == 200 and response.headers["content-type"] == "application/json"
    assert garantie.Verdict.model_validate_json(response.content) == garantie.evaluate(GOOD)


def test_lang_and_texts() -> None:
    french = call("POST", "/v1/evaluate", params={"lang": "fr"}, json=GOOD).json()
    bare = call("POST", "/v1/evaluate", params={"texts": "false"}, json=GOOD).json()
    assert {key for reason in french["reasons"] for key in ("fr", "en") if key in reason} == {"fr"}
    assert not any("fr" in reason or "en" in reason for reason in bare["reasons"])
    assert bare["legal_conformity"] == {**bare["legal_conformity"]} and bare["status"] == "actionable"
    assert call("POST", "/v1/evaluate", params={"lang": "de"}, json=GOOD).status_code == 422


def test_explain_is_the_text_rendering() -> None:
    response = call("POST", "/v1/explain", params={"lang": "en"}, json=GOOD)
    assert response.headers["content-type"].startswith("text/plain")
    assert response.text == garantie.evaluate(GOOD).explain("en")
    assert call("POST", "/v1/explain", json=GOOD).text == garantie.evaluate(GOOD).explain("fr")


BAD_CASES = [
    {"purchase": {"contract_date": "2024-13-10", "channel": "shop"}, "colour": "red"},
    {"purchase": {"contract_date": "2024-03-10", "delivery_date": "2024-03-01"}, "as_of": "2024-04-01"},
    {"purchase": {"contract_date": "2024-03-10"}, "history": [{"type": "claim", "date": "2024-03-12",
                                                                "remedy": "magic"}], "as_of": "2024-04-01"},
    {"defect": {"appeared_on": "2024-01-01"}},
]


@pytest.mark.parametrize("case", BAD_CASES)
def test_bad_input_is_422_problem_json_with_the_input_errors_content(case: dict[str, Any]) -> None:
    response = call("POST", "/v1/evaluate", json=case)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["type"] == "urn:garantie:problem:invalid-case" and body["status"] == 422 and body["title"]
    with pytest.raises(garantie.InputError) as caught:
        garantie.parse_case(case)
    expected = [{"path": i.location, "loc": list(i.path), "message": i.message} for i in caught.value.issues]
    assert [{k: e[k] for k in ("path", "loc", "message")} for e in body["errors"]] == expected
    assert "Traceback" not in response.text


def test_unreadable_bodies_are_422_too() -> None:
    for content in (b"{not json", b"", b"[1, 2]"):
        response = call("POST", "/v1/evaluate", content=content, headers={"content-type": "application/json"})
        assert response.status_code == 422, content
        assert response.json()["errors"][0]["path"] == "<case>"


def test_a_rule_conflict_is_500_with_a_problem_id_and_no_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    def conflict(*_: Any, **__: Any) -> Any:
        raise RuleConflictError("glc.status", ("rule.a", "applies", ["art. 1"]), ("rule.b", "x", ["art. 2"]))

    monkeypatch.setattr(_app, "evaluate", conflict)
    response = call("POST", "/v1/evaluate", json=GOOD)
    body = response.json()
    assert response.status_code == 500 and response.headers["content-type"] == "application/problem+json"
    assert body["type"] == "urn:garantie:problem:rule-conflict" and len(body["problem_id"]) == 36
    assert "rule.a" in body["detail"] and "Traceback" not in response.text


def test_a_bug_is_500_with_a_problem_id_and_nothing_of_its_internals(monkeypatch: pytest.MonkeyPatch) -> None:
    def bug(*_: Any, **__: Any) -> Any:
        raise ZeroDivisionError("secret internals")

    monkeypatch.setattr(_app, "evaluate", bug)
    response = call("POST", "/v1/explain", json=GOOD)
    assert response.status_code == 500 and response.json()["type"] == "urn:garantie:problem:internal-error"
    assert response.json()["problem_id"]
    assert "secret" not in response.text and "Traceback" not in response.text and "ZeroDivision" not in response.text


def test_body_size_is_capped_whether_announced_or_streamed() -> None:
    app = create_app(Settings(max_body_bytes=2000))
    padded = json.dumps({**GOOD, "x": "y" * 3000}).encode()
    response = call("POST", "/v1/evaluate", app=app, content=padded, headers={"content-type": "application/json"})
    assert response.status_code == 413 and response.json()["limit"] == 2000

    async def chunks() -> AsyncIterator[bytes]:
        for start in range(0, len(padded), 500):
            yield padded[start:start + 500]

    streamed = call("POST", "/v1/evaluate", app=app, content=chunks(), headers={"content-type": "application/json"})
    assert streamed.status_code == 413 and streamed.headers["content-type"] == "application/problem+json"
    assert call("POST", "/v1/evaluate", app=app, json=GOOD).status_code == 200


def test_time_limit_answers_503(monkeypatch: pytest.MonkeyPatch) -> None:
    app = create_app(Settings(time_limit=0.05))

    def slow(*args: Any, **kwargs: Any) -> Any:
        import time
        time.sleep(0.5)
        return garantie.evaluate(*args, **kwargs)

    monkeypatch.setattr(_app, "evaluate", slow)
    response = call("POST", "/v1/evaluate", app=app, json=GOOD)
    assert response.status_code == 503 and response.json()["type"] == "urn:garantie:problem:time-limit"


def test_batch_streams_json_lines_in_order() -> None:
    lines = [json.dumps({"id": "a", **GOOD}), "oops", json.dumps({"case": GOOD}), ""]
    response = call("POST", "/v1/batch", content="\n".join(lines).encode(),
                    headers={"content-type": "application/x-ndjson"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/x-ndjson")
    records = [json.loads(line) for line in response.text.splitlines()]
    assert [r["id"] for r in records] == ["a", 2, 3]
    assert records[0]["verdict"] == garantie.evaluate(GOOD).model_dump(mode="json", include_texts=True) == records[2]["verdict"]
    assert records[1]["error"]["type"] == "InputError"


def test_batch_length_and_time_are_capped() -> None:
    app = create_app(Settings(max_batch_lines=3))
    response = call("POST", "/v1/batch", app=app, content=b"{}\n" * 4)
    assert response.status_code == 413 and response.json()["type"] == "urn:garantie:problem:batch-too-long"
    quick = create_app(Settings(time_limit=1e-9))
    records = [json.loads(line) for line in call("POST", "/v1/batch", app=quick,
                                                 content=(json.dumps(GOOD) + "\n").encode() * 4).text.splitlines()]
    assert len(records) == 4 and "verdict" in records[0]  # one case always gets through
    assert [r["error"]["type"] for r in records[1:]] == ["TimeLimitExceeded"] * 3
    assert [r["id"] for r in records] == [1, 2, 3, 4]


def test_schemas_rules_health_version_docs() -> None:
    assert call("GET", "/v1/schema/case").json() == garantie.Case.model_json_schema()
    assert call("GET", "/v1/schema/verdict").json() == garantie.Verdict.model_json_schema()
    rules = call("GET", "/v1/rules").json()
    loaded = garantie.load_rules()
    assert [r["id"] for r in rules] == list(loaded.rules)
    first = rules[0]
    assert set(first) == {"id", "title", "conclusion", "citations", "periods", "confidence", "verified_on"}
    assert first["citations"][0]["label"] and "governs_contracts" in first["citations"][0]
    one = call("GET", "/v1/rules/glc.scope.professional_to_consumer").json()
    assert one["explain"]["fr"] == loaded.rule("glc.scope.professional_to_consumer").explain.fr
    missing = call("GET", "/v1/rules/no.such.rule")
    assert missing.status_code == 404 and missing.headers["content-type"] == "application/problem+json"
    assert call("GET", "/v1/health").json() == {"status": "ok"}
    assert call("GET", "/v1/version").json() == garantie.evaluate(GOOD).provenance.model_dump(mode="json")
    assert call("GET", "/docs").status_code == 200
    spec = call("GET", "/openapi.json").json()
    assert {"/v1/evaluate", "/v1/explain", "/v1/batch", "/v1/rules/{rule_id}", "/v1/version"} <= set(spec["paths"])
    assert "Case" in spec["components"]["schemas"] and "Verdict" in spec["components"]["schemas"]


def test_cors_is_off_by_default_and_configurable() -> None:
    headers = {"origin": "https://shop.example", "access-control-request-method": "POST"}
    assert "access-control-allow-origin" not in call("GET", "/v1/health", headers=headers).headers
    app = create_app(Settings(cors_origins=("https://shop.example",)))
    preflight = call("OPTIONS", "/v1/evaluate", app=app, headers=headers)
    assert preflight.headers["access-control-allow-origin"] == "https://shop.example"
    other = call("GET", "/v1/health", app=app, headers={"origin": "https://evil.example"})
    assert "access-control-allow-origin" not in other.headers


def test_rule_set_loaded_once_at_start(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> None:
    from test_provenance import _copy

    built = []

    class Counting(ruleset_module.RuleSet):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            built.append(1)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(ruleset_module, "RuleSet", Counting)
    app = create_app(Settings(rules=str(_copy(tmp_path / "rules"))))
    assert len(built) == 1
    for _ in range(3):
        assert call("POST", "/v1/evaluate", app=app, json=GOOD).status_code == 200
    assert len(built) == 1


def test_settings_from_environment() -> None:
    settings = Settings.from_env({"GARANTIE_MAX_BODY_BYTES": "10", "GARANTIE_CORS_ORIGINS": "https://a, https://b",
                                  "GARANTIE_TIME_LIMIT": "2.5"}, max_batch_lines=5)
    assert settings == Settings(max_body_bytes=10, cors_origins=("https://a", "https://b"), time_limit=2.5,
                                max_batch_lines=5)
    assert Settings.from_env(settings.to_env()) == settings
    with pytest.raises(ValueError):
        Settings.from_env({"GARANTIE_TIME_LIMIT": "0"})


def test_server_errors_are_garantie_errors() -> None:
    from garantie.server._problems import BodyTooLarge, TimeLimitExceeded

    for error in (BodyTooLarge("/v1/evaluate", 10), TimeLimitExceeded(1.0)):
        assert isinstance(error, garantie.GarantieError)
