"""The letter and policy-check endpoints (issue 12 follow-up), in process through the ASGI client.

A letter over HTTP is the letter ``garantie.letter`` writes for the case's verdict (with its deadline date and
articles); a policy check is ``garantie.check_policy``'s report. Every refusal is a problem document, never a
traceback: unknown kind 404, a kind the verdict does not support 422, a bad case 422, no PDF renderer 501,
an unreadable policy 422, a body over the cap 413, a request over the time limit 503.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from typing import Any

import pytest
from test_letters import DEADLINES, DOCS, _case
from test_server import BAD_CASES, call

import garantie
from garantie._yaml import load_yaml
from garantie.case import parse_case
from garantie.errors import LetterError
from garantie.letters import KINDS, letter, parties_of
from garantie.policy import MAX_CHARACTERS, check_policy
from garantie.server import Settings, _letters, create_app

PROBLEM = "application/problem+json"
SELLER_CHOOSES = "Le vendeur choisit librement entre la réparation et le remplacement du produit."


def _body(kind: str) -> dict[str, Any]:
    """The kind's documented case as the JSON a client sends (dates as text)."""
    return json.loads(json.dumps(load_yaml(DOCS / f"{kind}.case.yaml", error=ValueError), default=str))


def _is_problem(response: Any, status: int, kind: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    assert "Traceback" not in response.text
    body: dict[str, Any] = response.json()
    assert body["type"] == f"urn:garantie:problem:{kind}" and body["status"] == status and body["detail"]
    return body


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_is_the_letter_of_the_cases_verdict(kind: str) -> None:
    response = call("POST", f"/v1/letters/{kind}", json=_body(kind))
    assert response.status_code == 200 and response.headers["content-type"] == "text/plain; charset=utf-8"
    case, verdict = _case(kind)
    written = letter(verdict, kind, "fr", parties=parties_of(case))
    assert response.text == written.text()
    assert DEADLINES[kind] in response.text  # the deadline as a date, computed by hand in test_letters
    assert written.citations and all(label in response.text for label in written.citations)


@pytest.mark.parametrize(("fmt", "media", "method"), [("md", "text/markdown; charset=utf-8", "markdown"),
                                                      ("html", "text/html; charset=utf-8", "html")])
def test_markdown_and_html(fmt: str, media: str, method: str) -> None:
    response = call("POST", "/v1/letters/conformity_notice", params={"format": fmt}, json=_body("conformity_notice"))
    assert response.status_code == 200 and response.headers["content-type"] == media
    case, verdict = _case("conformity_notice")
    assert response.text == getattr(letter(verdict, "conformity_notice", "fr", parties=parties_of(case)), method)()
    assert DEADLINES["conformity_notice"] in response.text and "L217-10" in response.text


def test_english_letter_and_unknown_language() -> None:
    english = call("POST", "/v1/letters/conformity_notice", params={"lang": "en"}, json=_body("conformity_notice"))
    assert english.status_code == 200 and "Subject: " in english.text and "Objet" not in english.text
    assert "30 November 2024" in english.text
    assert call("POST", "/v1/letters/conformity_notice", params={"lang": "de"},
                json=_body("conformity_notice")).status_code == 422
    assert call("POST", "/v1/letters/conformity_notice", params={"format": "docx"},
                json=_body("conformity_notice")).status_code == 422


def test_parties_are_optional_and_missing_ones_are_visible_blanks() -> None:
    body = {key: value for key, value in _body("conformity_notice").items() if key != "parties"}
    response = call("POST", "/v1/letters/conformity_notice", json=body)
    assert response.status_code == 200
    assert "[vos nom et prénom]" in response.text and "[adresse du vendeur]" in response.text
    assert DEADLINES["conformity_notice"] in response.text


def test_pdf_letter() -> None:
    response = call("POST", "/v1/letters/conformity_notice", params={"format": "pdf"},
                    json=_body("conformity_notice"))
    assert response.status_code == 200 and response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert 'filename="conformity_notice.pdf"' in response.headers["content-disposition"]
    if shutil.which("pdftotext"):
        layer = subprocess.run(["pdftotext", "-", "-"], input=response.content, check=True,
                               capture_output=True).stdout.decode()
        assert DEADLINES["conformity_notice"] in " ".join(layer.split())


def test_pdf_without_its_font_or_library_is_a_501_problem(monkeypatch: pytest.MonkeyPatch) -> None:
    from garantie.letters import _pdf

    def no_font() -> Any:
        raise LetterError("PDF letters need the DejaVu Sans font (test)")

    monkeypatch.setattr(_pdf, "find_font", no_font)
    body = _is_problem(call("POST", "/v1/letters/conformity_notice", params={"format": "pdf"},
                            json=_body("conformity_notice")), 501, "pdf-unavailable")
    assert "DejaVu Sans" in body["detail"]
    monkeypatch.undo()
    monkeypatch.setitem(__import__("sys").modules, "fpdf", None)  # import fpdf now raises ImportError
    body = _is_problem(call("POST", "/v1/letters/conformity_notice", params={"format": "pdf"},
                            json=_body("conformity_notice")), 501, "pdf-unavailable")
    assert "fpdf2" in body["detail"]


def test_unknown_kind_is_404_listing_the_kinds() -> None:
    for body in (_body("conformity_notice"), {"not": "a case"}):
        problem = _is_problem(call("POST", "/v1/letters/love_letter", json=body), 404, "unknown-letter-kind")
        assert problem["kinds"] == list(KINDS) and "love_letter" in problem["detail"]


def test_a_kind_the_verdict_does_not_support_is_422_with_the_letter_errors_reason() -> None:
    case, verdict = _case("conformity_notice")
    with pytest.raises(LetterError) as refused:
        letter(verdict, "withdrawal", "fr", parties=parties_of(case))
    body = _is_problem(call("POST", "/v1/letters/withdrawal", json=_body("conformity_notice")), 422,
                       "letter-not-applicable")
    assert body["detail"] == str(refused.value) and body["letter_kind"] == "withdrawal"


@pytest.mark.parametrize("case", BAD_CASES)
def test_a_bad_case_is_422_with_the_input_errors_content_as_for_evaluate(case: dict[str, Any]) -> None:
    body = _is_problem(call("POST", "/v1/letters/conformity_notice", json=case), 422, "invalid-case")
    with pytest.raises(garantie.InputError) as caught:
        parse_case(case)
    expected = [{"path": i.location, "loc": list(i.path), "message": i.message} for i in caught.value.issues]
    assert [{k: e[k] for k in ("path", "loc", "message")} for e in body["errors"]] == expected
    evaluate_errors = call("POST", "/v1/evaluate", json=case).json()["errors"]
    assert [e["path"] for e in body["errors"]] == [e["path"] for e in evaluate_errors]


def test_unreadable_letter_bodies_are_422() -> None:
    for content in (b"{not json", b"", b"\xff\xfe", b"[1, 2]"):
        response = call("POST", "/v1/letters/conformity_notice", content=content,
                        headers={"content-type": "application/json"})
        assert _is_problem(response, 422, "invalid-case")["errors"][0]["path"] == "<case>", content


def test_letter_time_limit_and_body_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    def slow(*args: Any, **kwargs: Any) -> Any:
        import time
        time.sleep(0.5)
        return garantie.evaluate(*args, **kwargs)

    monkeypatch.setattr(_letters, "evaluate", slow)
    quick = create_app(Settings(time_limit=0.05))
    _is_problem(call("POST", "/v1/letters/conformity_notice", app=quick, json=_body("conformity_notice")), 503,
                "time-limit")
    small = create_app(Settings(max_body_bytes=500))
    body = _is_problem(call("POST", "/v1/letters/conformity_notice", app=small, json=_body("conformity_notice")),
                       413, "body-too-large")
    assert body["limit"] == 500


# --- POST /v1/policy-check ---------------------------------------------------------------------------------------

def _rule_ids(report: dict[str, Any]) -> list[str]:
    return [finding["rule_id"] for finding in report["findings"]]


def test_policy_check_as_plain_text_is_check_policys_report() -> None:
    response = call("POST", "/v1/policy-check", params={"date": "2024-03-10"}, content=SELLER_CHOOSES.encode(),
                    headers={"content-type": "text/plain; charset=utf-8"})
    assert response.status_code == 200 and response.headers["content-type"] == "application/json"
    expected = check_policy(SELLER_CHOOSES, contract_date="2024-03-10")
    assert garantie.PolicyReport.model_validate_json(response.content) == expected
    report = response.json()
    assert "policy.remedy.seller_chooses" in _rule_ids(report)
    flagged = next(f for f in report["findings"] if f["rule_id"] == "policy.remedy.seller_chooses")
    assert flagged["category"] == "unlawful" and flagged["clause"]["text"] == SELLER_CHOOSES
    assert [c["label"] for c in flagged["citations"]] == ["C. conso., art. L217-9", "C. conso., art. L217-12"]


def test_policy_check_as_json_and_in_english() -> None:
    response = call("POST", "/v1/policy-check", params={"lang": "en"},
                    json={"text": SELLER_CHOOSES, "contract_date": "2024-03-10"})
    assert response.status_code == 200
    assert response.json() == json.loads(check_policy(SELLER_CHOOSES, contract_date=dt.date(2024, 3, 10),
                                                      lang="en").model_dump_json())
    assert response.json()["lang"] == "en"
    same_date = call("POST", "/v1/policy-check", params={"date": "2024-03-10"},
                     json={"text": SELLER_CHOOSES, "contract_date": "2024-03-10"})
    assert same_date.status_code == 200 and _rule_ids(same_date.json()) == _rule_ids(response.json())


@pytest.mark.parametrize(("content", "why"), [
    (b"", "empty"),
    (b"   \n\t ", "empty"),
    (b"Garantie\x00 binaire", "NUL"),
    (b"Le vendeur \xe9change le produit.", "UTF-8"),  # Latin-1, not UTF-8
    (b"a" * (MAX_CHARACTERS + 1), "characters"),
])
def test_unreadable_empty_or_too_long_policy_text_is_422(content: bytes, why: str) -> None:
    app = create_app(Settings(max_body_bytes=2 * MAX_CHARACTERS)) if len(content) > MAX_CHARACTERS else None
    response = call("POST", "/v1/policy-check", **({"app": app} if app else {}), params={"date": "2024-03-10"},
                    content=content, headers={"content-type": "text/plain"})
    assert why in _is_problem(response, 422, "invalid-policy")["detail"]


def test_policy_date_is_required_and_must_agree() -> None:
    missing = call("POST", "/v1/policy-check", content=SELLER_CHOOSES.encode(), headers={"content-type": "text/plain"})
    assert "contract date is missing" in _is_problem(missing, 422, "invalid-policy")["detail"]
    clash = call("POST", "/v1/policy-check", params={"date": "2024-03-11"},
                 json={"text": SELLER_CHOOSES, "contract_date": "2024-03-10"})
    assert "differ" in _is_problem(clash, 422, "invalid-policy")["detail"]
    bad_query = call("POST", "/v1/policy-check", params={"date": "2024-13-01"}, content=SELLER_CHOOSES.encode(),
                     headers={"content-type": "text/plain"})
    assert bad_query.status_code == 422 and bad_query.headers["content-type"] == PROBLEM


def test_policy_json_bodies_are_checked() -> None:
    broken = call("POST", "/v1/policy-check", content=b"{oops", headers={"content-type": "application/json"})
    assert "not valid JSON" in _is_problem(broken, 422, "invalid-policy")["detail"]
    wrong = call("POST", "/v1/policy-check", json={"txt": SELLER_CHOOSES, "contract_date": "2024-03-10"})
    paths = [e["path"] for e in _is_problem(wrong, 422, "invalid-policy")["errors"]]
    assert paths == ["text", "txt"]
    baddate = call("POST", "/v1/policy-check", json={"text": SELLER_CHOOSES, "contract_date": "someday"})
    assert [e["path"] for e in _is_problem(baddate, 422, "invalid-policy")["errors"]] == ["contract_date"]
    xml = call("POST", "/v1/policy-check", content=b"<p/>", headers={"content-type": "application/xml"})
    _is_problem(xml, 415, "unsupported-media-type")


def test_policy_body_cap_applies() -> None:
    small = create_app(Settings(max_body_bytes=100))
    body = _is_problem(call("POST", "/v1/policy-check", app=small, params={"date": "2024-03-10"},
                            content=(SELLER_CHOOSES * 3).encode(), headers={"content-type": "text/plain"}),
                       413, "body-too-large")
    assert body["limit"] == 100


def test_both_endpoints_are_in_openapi() -> None:
    spec = call("GET", "/openapi.json").json()
    letters = spec["paths"]["/v1/letters/{kind}"]["post"]
    assert letters["requestBody"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Case"}
    assert {"text/plain", "text/markdown", "text/html", "application/pdf"} <= set(letters["responses"]["200"]["content"])
    assert {"404", "422", "501"} <= set(letters["responses"])
    policy = spec["paths"]["/v1/policy-check"]["post"]
    assert {"text/plain", "application/json"} <= set(policy["requestBody"]["content"])
    assert policy["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/PolicyReport"}
    assert "PolicyReport" in spec["components"]["schemas"]


def test_readme_and_scaling_doc_name_both_endpoints() -> None:
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    readme = root.joinpath("README.md").read_text(encoding="utf-8")
    serve = readme.split("## Serve it", 1)[1].split("\n## ", 1)[0]
    assert "/v1/letters/conformity_notice?lang=fr&format=pdf" in serve and "--data @examples/smartphone.json" in serve
    assert "/v1/policy-check?date=2024-03-10" in serve and "@examples/policy_boutique.txt" in serve
    scaling = root.joinpath("docs", "scaling.md").read_text(encoding="utf-8")
    for kind in ("unknown-letter-kind", "letter-not-applicable", "pdf-unavailable", "invalid-policy",
                 "unsupported-media-type"):
        assert f"`{kind}`" in scaling, kind
    assert all(f"`{kind}`" in scaling for kind in KINDS)
