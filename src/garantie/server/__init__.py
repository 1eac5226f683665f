"""The HTTP API (extra ``garantie[server]``): ``garantie serve``, or ``create_app()`` for any ASGI server.

Endpoints, under ``/v1``: ``POST /evaluate``, ``POST /explain``, ``POST /batch`` (JSON Lines, streamed),
``GET /schema/case``, ``GET /schema/verdict``, ``GET /rules``, ``GET /rules/{id}``, ``GET /health``,
``GET /version``, ``POST /letters/{kind}``, ``POST /policy-check``; OpenAPI at ``/docs``. Errors are RFC 9457
problem documents. No authentication: deploy it behind your own gateway. New endpoints plug in as routers: see
``_app.FEATURE_ROUTERS``.
"""

from garantie.server._app import FEATURE_ROUTERS, create_app
from garantie.server._settings import Settings

__all__ = ["FEATURE_ROUTERS", "Settings", "create_app", "create_app_from_env"]


def create_app_from_env() -> object:
    """The app configured by ``GARANTIE_*`` environment variables (uvicorn's ``--factory`` entry point)."""
    return create_app(Settings.from_env())
