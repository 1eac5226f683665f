"""Errors as RFC 9457 problem details (``application/problem+json``).

Bad input answers 422 with every field path; a rule conflict or a bug 500 with a problem id (the traceback
goes to the server log only).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from garantie.case import Case, _issue_from_pydantic
from garantie.errors import GarantieError, InputError, InputIssue, RuleConflictError

__all__ = ["PROBLEM_BASE", "BodyTooLarge", "TimeLimitExceeded", "install", "problem", "problem_for_input", "too_large"]

PROBLEM_BASE = "urn:garantie:problem:"  # problem type URIs: urn:garantie:problem:<kind>
MEDIA_TYPE = "application/problem+json"
log = logging.getLogger("garantie.server")


class TimeLimitExceeded(GarantieError):
    """A request ran past the server's time limit (answered 503)."""

    def __init__(self, limit: float) -> None:
        self.limit = limit
        super().__init__(f"the request took longer than the server's time limit ({limit:g} s)")


class BodyTooLarge(GarantieError, HTTPException):  # an HTTPException: FastAPI lets those through its body reader
    """A request body went over its limit while being read (answered 413)."""

    def __init__(self, path: str, limit: int) -> None:
        self.path = path
        self.limit = limit
        HTTPException.__init__(self, 413, f"The body of {path} may be at most {limit} bytes (a server setting).")


def too_large(error: BodyTooLarge) -> JSONResponse:
    return problem(413, "body-too-large", "Request body too large", str(error.detail), limit=error.limit)


def problem(status: int, kind: str, title: str, detail: str, **extra: Any) -> JSONResponse:
    body = {"type": PROBLEM_BASE + kind, "title": title, "status": status, "detail": detail, **extra}
    return JSONResponse(jsonable_encoder(body), status_code=status, media_type=MEDIA_TYPE)


def problem_for_input(error: InputError) -> JSONResponse:
    """422 with the content of ``InputError.issues``: each field path and what is accepted there."""
    issues = [{"path": issue.location, "loc": list(issue.path), "message": issue.message,
               "input": _shown(issue.input)} for issue in error.issues]
    return problem(422, "invalid-case", "The case is not valid",
                   f"{len(issues)} problem(s) in the case; each entry of 'errors' gives the field path and "
                   "what is accepted there.", errors=issues)


def _shown(value: Any) -> Any:
    try:
        return jsonable_encoder(value)
    except ValueError:  # an input that cannot be shown as JSON: its text
        return repr(value)


def issues_from_request(errors: Sequence[Any]) -> InputError:
    """FastAPI's validation errors of a ``Case`` body, as the ``InputError`` ``parse_case`` would raise."""
    issues: list[InputIssue] = []
    for raw in errors:
        loc = tuple(raw.get("loc") or ())
        if loc[:1] == ("body",):
            loc = loc[1:]
        if raw.get("type") == "json_invalid":
            detail = (raw.get("ctx") or {}).get("error", "")
            issues.append(InputIssue((), f"the body is not valid JSON ({detail}); accepted: one case as a JSON "
                                         "object"))
        elif raw.get("type") == "missing" and not loc:
            issues.append(InputIssue((), "the body is empty; accepted: one case as a JSON object"))
        else:
            issues.append(_issue_from_pydantic({**raw, "loc": loc}, Case))
    return InputError(issues)


def install(app: FastAPI) -> None:
    """Answer every error of ``app`` with a problem document."""

    async def on_input(request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, InputError)
        return problem_for_input(error)

    async def on_validation(request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, RequestValidationError)
        return problem_for_input(issues_from_request(error.errors()))

    async def on_conflict(request: Request, error: Exception) -> JSONResponse:
        problem_id = str(uuid.uuid4())
        log.error("problem %s: rule conflict on %s: %s", problem_id, request.url.path, error)
        return problem(500, "rule-conflict", "Two rules of the rule set contradict each other",
                       f"{error}. This is a defect of the rule set, not of the case: report it with the problem "
                       "id.", problem_id=problem_id)

    async def on_time_limit(request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, TimeLimitExceeded)
        return problem(503, "time-limit", "Time limit exceeded", f"{error}; try again later or with a smaller "
                       "request.", limit=error.limit)

    async def on_http(request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, HTTPException)
        if isinstance(error, BodyTooLarge):
            return too_large(error)
        kind = {404: "not-found", 405: "method-not-allowed"}.get(error.status_code, "http-error")
        return problem(error.status_code, kind, str(error.detail), str(error.detail))

    async def on_bug(request: Request, error: Exception) -> JSONResponse:
        problem_id = str(uuid.uuid4())
        log.exception("problem %s: internal error on %s", problem_id, request.url.path)
        return problem(500, "internal-error", "Internal error",
                       "The server could not answer; report it with the problem id (the details are in the "
                       "server log).", problem_id=problem_id)

    app.add_exception_handler(InputError, on_input)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(RuleConflictError, on_conflict)
    app.add_exception_handler(TimeLimitExceeded, on_time_limit)
    app.add_exception_handler(HTTPException, on_http)
    app.add_exception_handler(Exception, on_bug)
