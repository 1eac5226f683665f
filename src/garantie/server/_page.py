"""The consumer web page (issue 13): ``GET /`` serves plain HTML, CSS and JavaScript shipped as package data;
the page talks only to /v1. ``POST /v1/next-questions`` gives it the questions to ask now."""

from __future__ import annotations

from importlib import resources
from typing import Annotated, Literal

from fastapi import APIRouter, Body, HTTPException, Query
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from garantie._evaluate import evaluate
from garantie.case import Case
from garantie.ruleset import RuleSet
from garantie.server._settings import Settings
from garantie.verdict import AskedQuestion

__all__ = ["NextQuestions", "next_questions_router", "page_router"]

_FILES = {"": ("index.html", "text/html; charset=utf-8"), "page.css": ("page.css", "text/css; charset=utf-8"),
          "page.js": ("page.js", "text/javascript; charset=utf-8")}
# Question paths the page may say it cannot answer: a field path, nothing else.
_PATH = r"^[a-z_]+(\[[a-z_]*\])?(\.[a-z_]+(\[[a-z_]*\])?)*$"


class NextQuestions(BaseModel):
    """What to ask now, best first, and the verdict's overall status so far."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    status: Literal["actionable", "not_actionable", "undetermined"]
    questions: tuple[AskedQuestion, ...] = Field(description="verdict.next_questions(limit, skip).")


def next_questions_router(rules: RuleSet, settings: Settings) -> APIRouter:
    router = APIRouter()

    @router.post("/next-questions", response_model=NextQuestions, summary="A partial case in, what to ask next")
    def next_questions(case: Annotated[Case, Body()], limit: Annotated[int, Query(ge=1, le=10)] = 3,
                       skip: Annotated[list[str], Query(max_length=200)] = []) -> NextQuestions:  # noqa: B006
        """`verdict.next_questions(limit)`: none waits for an unanswered question, each could change a status,
        remedy, date or next step; `skip` lists the paths the person could not answer."""
        import re

        if any(not re.fullmatch(_PATH, path) for path in skip):
            raise HTTPException(422, "skip holds field paths such as purchase.delivery_date")
        verdict = evaluate(case, rules=rules)
        return NextQuestions(status=verdict.status, questions=verdict.next_questions(limit, skip=set(skip)))

    return router


def page_router() -> APIRouter:
    router = APIRouter(include_in_schema=False)

    def serve(name: str) -> Response:
        file, media = _FILES[name]
        body = resources.files("garantie.server").joinpath("page", file).read_bytes()
        return Response(body, media_type=media, headers={
            "Content-Security-Policy": "default-src 'self'; connect-src 'self'; img-src 'self' data:",
            "X-Content-Type-Options": "nosniff"})

    @router.get("/")
    def index() -> Response:
        return serve("")

    @router.get("/page/{name}")
    def asset(name: str) -> Response:
        if name not in _FILES or not name:
            raise HTTPException(404)
        return serve(name)

    return router
