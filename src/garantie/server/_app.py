"""The FastAPI application: ``create_app(settings)`` loads the rule set once and serves ``/v1``."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Annotated, Any, Literal, TypeVar

import anyio
import anyio.to_thread
from fastapi import APIRouter, Body, FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import PlainTextResponse, Response, StreamingResponse

from garantie._evaluate import evaluate, provenance
from garantie._version import __version__
from garantie.batch import evaluate_many, prune_texts
from garantie.batch._records import split_item, verdict_json
from garantie.case import Case
from garantie.errors import GarantieError
from garantie.ruleset import RuleSet, load_rules
from garantie.server._letters import letters_router
from garantie.server._limits import BodyLimit
from garantie.server._models import Health, Problem, RuleDetail, RuleSummary, catalogue
from garantie.server._page import next_questions_router, page_router
from garantie.server._policy import policy_router
from garantie.server._problems import TimeLimitExceeded, install, problem
from garantie.server._settings import Settings
from garantie.verdict import Provenance, Verdict

__all__ = ["create_app"]

T = TypeVar("T")
Lang = Literal["fr", "en"]
NDJSON = "application/x-ndjson"
_WARM_UP = {"purchase": {"contract_date": "2024-03-10", "delivery_date": "2024-03-12"}, "as_of": "2024-10-01"}
_ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": Problem, "description": text, "content": {"application/problem+json": {}}}
    for code, text in ((422, "The case is not valid: every field path and what is accepted there."),
                       (413, "The body is over the server's size limit."),
                       (500, "A rule conflict or an internal error, with a problem id; never a traceback."),
                       (503, "The request took longer than the server's time limit."))}

# Extension point. Each later feature adds its endpoints as an APIRouter in its own module under server/ and
# lists it here (or a deployer passes its own to create_app(routers=...)); the app includes them under /v1
# with the same limits and problem documents.
FEATURE_ROUTERS: tuple[Callable[[RuleSet, Settings], APIRouter], ...] = (letters_router, policy_router,
                                                                         next_questions_router)


def create_app(settings: Settings | None = None, *, routers: Sequence[APIRouter] = ()) -> FastAPI:
    """The API. The rule set is loaded (and one case evaluated) here, before the first request."""
    config = settings or Settings()
    rules = load_rules(config.rules)
    stamp = provenance(rules)
    evaluate(_WARM_UP, rules=rules)  # compiles the validators and the common rule segment now, not on request 1
    rule_docs = catalogue(rules)
    app = FastAPI(
        title="garantie", version=__version__,
        description="What a consumer in France is legally owed when something bought goes wrong: a reasoned "
        "verdict citing the article versions in force for the contract. No authentication here: put the "
        "service behind your own gateway. Limits: body "
        f"{config.max_body_bytes} bytes ({config.max_batch_bytes} for /v1/batch), {config.max_batch_lines} "
        f"cases per batch, {config.time_limit:g} s per request.")
    install(app)
    v1 = APIRouter(prefix="/v1", responses=_ERRORS)

    async def timed(work: Callable[[], T]) -> T:
        """Run ``work`` in a thread, answering 503 past the time limit (the thread finishes on its own)."""
        try:
            with anyio.fail_after(config.time_limit):
                return await anyio.to_thread.run_sync(work, abandon_on_cancel=True)
        except TimeoutError:
            raise TimeLimitExceeded(config.time_limit) from None

    @v1.post("/evaluate", response_model=Verdict, summary="A case in, its verdict out")
    async def evaluate_case(case: Annotated[Case, Body()], lang: Lang | None = None, texts: bool = True) -> Response:
        """The verdict (`garantie.Verdict`). `lang` keeps only that language's texts; `texts=false` drops
        every text (codes, dates, rule ids and citations stay)."""
        verdict = await timed(lambda: evaluate(case, rules=rules))
        if lang is None and texts:
            return Response(verdict_json(verdict), media_type="application/json")
        body = json.dumps(prune_texts(verdict.model_dump(mode="json", include_texts=texts), lang, texts),
                          ensure_ascii=False, separators=(",", ":"))
        return Response(body, media_type="application/json")

    @v1.post("/explain", response_class=PlainTextResponse, summary="A case in, the verdict as text out")
    async def explain(case: Annotated[Case, Body()], lang: Lang = "fr") -> PlainTextResponse:
        """The verdict rendered as text (French, authoritative, by default)."""
        text = await timed(lambda: evaluate(case, rules=rules).explain(lang))
        return PlainTextResponse(text)

    @v1.post("/batch", summary="JSON Lines in, JSON Lines out, streamed",
             response_class=StreamingResponse,
             openapi_extra={"requestBody": {"required": True, "content": {NDJSON: {"schema": {"type": "string"}}}},
                            "responses": {"200": {"content": {NDJSON: {}}}}})
    async def batch(request: Request, lang: Lang | None = None, texts: bool = True) -> Response:
        """One case per line (optional `id`); one record per line back, in order: `{id, case_sha256, verdict}` or
        `{id, error: {type, paths, message}}`. Cases the time limit leaves unevaluated get a `TimeLimitExceeded`
        error record."""
        lines = (await request.body()).splitlines()
        if len(lines) > config.max_batch_lines:
            return problem(413, "batch-too-long", "Too many cases in one batch",
                           f"A batch may hold at most {config.max_batch_lines} cases (a server setting); "
                           f"this one has {len(lines)}.", limit=config.max_batch_lines)
        deadline = time.monotonic() + config.time_limit
        return StreamingResponse(_stream(lines, lang, texts, config, deadline), media_type=NDJSON)

    @v1.get("/schema/case", summary="JSON Schema of a case")
    async def case_schema() -> dict[str, Any]:
        return Case.model_json_schema()

    @v1.get("/schema/verdict", summary="JSON Schema of a verdict")
    async def verdict_schema() -> dict[str, Any]:
        return Verdict.model_json_schema()

    summaries = [RuleSummary.model_validate(doc.model_dump(include=set(RuleSummary.model_fields)))
                 for doc in rule_docs.values()]

    @v1.get("/rules", response_model=list[RuleSummary], summary="The rule catalogue")
    async def rule_list() -> list[RuleSummary]:
        return summaries

    @v1.get("/rules/{rule_id}", response_model=RuleDetail, summary="One rule, with its texts and exceptions")
    async def rule_detail(rule_id: str) -> RuleDetail | Response:
        found = rule_docs.get(rule_id)
        if found is None:
            return problem(404, "unknown-rule", "No such rule", f"There is no rule '{rule_id}'; GET /v1/rules "
                           "lists them.")
        return found

    @v1.get("/health", response_model=Health, summary="Liveness")
    async def health() -> Health:
        return Health()

    @v1.get("/version", response_model=Provenance, summary="The garantie version and rule set every verdict cites")
    async def version() -> Provenance:
        return stamp

    app.include_router(v1)
    app.include_router(page_router())  # GET /: the consumer page (package data), which calls only /v1
    for make in FEATURE_ROUTERS:
        app.include_router(make(rules, config), prefix="/v1", responses=_ERRORS)
    for extra in routers:
        app.include_router(extra, prefix="/v1", responses=_ERRORS)
    if config.cors_origins:  # off by default: only the origins the deployer names
        app.add_middleware(CORSMiddleware, allow_origins=list(config.cors_origins), allow_methods=["GET", "POST"],
                           allow_headers=["Content-Type"])
    app.add_middleware(BodyLimit, limit_for=lambda path: config.max_batch_bytes if path == "/v1/batch"
                       else config.max_body_bytes)
    return app


def _stream(lines: list[bytes], lang: Lang | None, texts: bool, config: Settings,
            deadline: float) -> Iterator[bytes]:
    """Records in order, a few at a time; past the deadline, a time-limit error for each case left."""
    records = evaluate_many(lines, workers=1, lang=lang, texts=texts, rules=config.rules)
    done, buffer = 0, list[bytes]()
    try:
        for record in records:
            buffer.append(record.raw + b"\n")
            done += 1
            if len(buffer) >= 16:
                yield b"".join(buffer)
                buffer = []
            if time.monotonic() > deadline:
                break
    finally:
        records.close()
    yield b"".join(buffer)
    for number in range(done + 1, len(lines) + 1):
        yield _timed_out(lines[number - 1], number, config.time_limit).encode("utf-8") + b"\n"


def _timed_out(line: bytes, number: int, limit: float) -> str:
    try:
        record_id = split_item(line, number)[0]
    except GarantieError:
        record_id = number
    return json.dumps({"id": record_id, "error": {
        "type": "TimeLimitExceeded", "paths": [],
        "message": f"not evaluated: the request reached the server's time limit ({limit:g} s); send it again "
                   "in a smaller batch"}}, ensure_ascii=False, separators=(",", ":"))
