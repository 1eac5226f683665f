"""``POST /v1/letters/{kind}``: a case in, the letter of that kind for its verdict out (text, md, html or pdf)."""

from __future__ import annotations

import json
from typing import Any, Literal

from fastapi import APIRouter, Request
from fastapi.responses import Response

from garantie._evaluate import evaluate
from garantie.case import parse_case
from garantie.errors import InputError, InputIssue, LetterError
from garantie.letters import KINDS, letter, parties_of
from garantie.ruleset import RuleSet
from garantie.server._problems import problem
from garantie.server._settings import Settings
from garantie.server._timed import run_timed

__all__ = ["MEDIA_TYPES", "letters_router"]

Format = Literal["text", "md", "html", "pdf"]
MEDIA_TYPES: dict[str, str] = {"text": "text/plain; charset=utf-8", "md": "text/markdown; charset=utf-8",
                               "html": "text/html; charset=utf-8", "pdf": "application/pdf"}
_PROBLEM: dict[str, Any] = {"application/problem+json": {}}


class PdfUnavailable(LetterError):
    """The PDF renderer (fpdf2) or its font is missing on the server: answered 501, the letter kind is fine."""


def letters_router(rules: RuleSet, settings: Settings) -> APIRouter:
    router = APIRouter(tags=["letters"])

    @router.post(
        "/letters/{kind}", summary="A case in, a letter of that kind for its verdict out",
        response_class=Response, description=(
            "The case is evaluated as by `/v1/evaluate`; the letter says only what its verdict settled and what "
            "`parties` (optional, in the case) give: a missing name or address is a visible blank. Kinds: "
            + ", ".join(KINDS) + ". `format=pdf` needs the server's `garantie[pdf]` extra and DejaVu Sans."),
        responses={
            200: {"description": "The letter.", "content": {m.split(";")[0]: {} for m in MEDIA_TYPES.values()}},
            404: {"description": "No such letter kind; `kinds` lists them.", "content": _PROBLEM},
            422: {"description": "The case is not valid (as for /v1/evaluate), or the verdict does not support "
                                 "this kind of letter (`detail` says why).", "content": _PROBLEM},
            501: {"description": "PDF asked for, but the server lacks fpdf2 or the DejaVu Sans font.",
                  "content": _PROBLEM}},
        openapi_extra={"requestBody": {"required": True, "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/Case"}}}}})
    async def write_letter(request: Request, kind: str, lang: Literal["fr", "en"] = "fr",
                           format: Format = "text") -> Response:
        if kind not in KINDS:  # before reading the body: a wrong URL is a 404 whatever the case
            return problem(404, "unknown-letter-kind", "No such letter kind",
                           f"There is no letter kind '{kind}'; the kinds are: {', '.join(KINDS)}.", kinds=list(KINDS))
        data = _json_body(await request.body())
        case = parse_case(data)  # an InputError answers 422 with every field path, as /v1/evaluate does

        def write() -> bytes:
            written = letter(evaluate(case, rules=rules), kind, lang, parties=parties_of(case))
            if format != "pdf":
                return {"text": written.text, "md": written.markdown, "html": written.html}[format]().encode()
            try:
                return written.pdf()
            except LetterError as error:  # only the renderer or its font can fail here: the letter itself exists
                raise PdfUnavailable(str(error)) from error

        try:
            body = await run_timed(settings.time_limit, write)
        except PdfUnavailable as error:
            return problem(501, "pdf-unavailable", "PDF letters are not available on this server",
                           f"{error}. The text, md and html formats work without it.")
        except LetterError as error:
            return problem(422, "letter-not-applicable", "This letter does not fit the verdict", str(error),
                           letter_kind=kind)
        headers = {"content-disposition": f'inline; filename="{kind}.pdf"'} if format == "pdf" else None
        return Response(body, media_type=MEDIA_TYPES[format], headers=headers)

    return router


def _json_body(raw: bytes) -> Any:
    """The body as JSON, or the InputError /v1/evaluate gives for an unreadable one."""
    if not raw.strip():
        raise InputError([InputIssue((), "the body is empty; accepted: one case as a JSON object")])
    try:
        return json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InputError([InputIssue((), f"the body is not valid JSON ({error}); accepted: one case as a JSON "
                                         "object")]) from None
