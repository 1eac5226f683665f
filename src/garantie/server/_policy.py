"""``POST /v1/policy-check``: a seller's after-sales policy in, the clauses the law overrides out."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, Literal

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, ValidationError

from garantie.policy import PolicyInputError, PolicyReport, load_clauses
from garantie.policy._check import run_check
from garantie.ruleset import RuleSet
from garantie.server._problems import problem
from garantie.server._settings import Settings
from garantie.server._timed import run_timed

__all__ = ["PolicyRequest", "policy_router"]

_PROBLEM: dict[str, Any] = {"application/problem+json": {}}


class PolicyRequest(BaseModel):
    """The JSON form of the body: the policy text and, unless the query gives `date`, the contract date."""

    model_config = ConfigDict(extra="forbid")

    text: str
    contract_date: dt.date | None = None


def policy_router(rules: RuleSet, settings: Settings) -> APIRouter:
    router = APIRouter(tags=["policy"])
    clauses = load_clauses(settings.rules)  # once, with the rule set: the first request is not slow

    @router.post(
        "/policy-check", response_model=PolicyReport, summary="A seller's policy in, the clauses the law overrides out",
        description="The body is the policy as `text/plain` (UTF-8), with the contract date in `?date=`, or JSON "
        "`{\"text\": …, \"contract_date\": …}`. The contract date selects the law and is required: it is never "
        "assumed. Findings cite the article versions governing that contract.",
        responses={415: {"description": "The body is neither text/plain nor JSON.", "content": _PROBLEM},
                   422: {"description": "The text is empty, not UTF-8, binary or too long, or the date is missing "
                                        "or not a date.", "content": _PROBLEM}},
        openapi_extra={"requestBody": {"required": True, "content": {
            "text/plain": {"schema": {"type": "string"}},
            "application/json": {"schema": PolicyRequest.model_json_schema()}}}})
    async def policy_check(request: Request, date: dt.date | None = None,
                           lang: Literal["fr", "en"] = "fr") -> Response:
        media = request.headers.get("content-type", "text/plain").split(";")[0].strip().lower()
        raw = await request.body()
        if media == "application/json" or media.endswith("+json"):
            try:
                given = PolicyRequest.model_validate(json.loads(raw))
            except (UnicodeDecodeError, json.JSONDecodeError) as error:
                return _invalid(f"the body is not valid JSON ({error}); accepted: "
                                '{"text": "…", "contract_date": "YYYY-MM-DD"}')
            except ValidationError as error:
                return _invalid("the JSON body is not a policy request; accepted: "
                                '{"text": "…", "contract_date": "YYYY-MM-DD"}',
                                errors=[{"path": ".".join(str(p) for p in e["loc"]) or "<body>",
                                         "message": e["msg"]} for e in error.errors()])
            text, day = given.text, given.contract_date
            if date is not None and day is not None and date != day:
                return _invalid(f"the query's date ({date}) and the body's contract_date ({day}) differ; give one")
            day = day or date
        elif media.startswith("text/"):
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as error:
                return _invalid(f"the policy text is not UTF-8 (byte {error.start}); send it as UTF-8 text")
            day = date
        else:
            return problem(415, "unsupported-media-type", "Unsupported media type",
                           f"The body is '{media}'; accepted: text/plain (UTF-8) or application/json.")
        if day is None:
            return _invalid("the contract date is missing: give ?date=YYYY-MM-DD (or contract_date in a JSON body); "
                            "it selects the law that applies")
        checked = day
        try:
            report = await run_timed(settings.time_limit, lambda: run_check(text, checked, lang, clauses))
        except PolicyInputError as error:
            return _invalid(str(error))
        return Response(report.model_dump_json(), media_type="application/json")

    return router


def _invalid(detail: str, **extra: Any) -> JSONResponse:
    return problem(422, "invalid-policy", "The policy cannot be checked", detail, **extra)
