"""Body-size limit, as ASGI middleware.

It refuses an announced oversize body at once and stops reading a streamed one as soon as it goes over.
"""

from __future__ import annotations

from collections.abc import Callable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from garantie.server._problems import BodyTooLarge, too_large

__all__ = ["BodyLimit"]


class BodyLimit:
    """Caps request bodies: ``limit_for(path)`` gives the cap in bytes for a path."""

    def __init__(self, app: ASGIApp, limit_for: Callable[[str], int]) -> None:
        self.app = app
        self.limit_for = limit_for

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope["path"])
        declared = dict(scope.get("headers") or ()).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await self._refuse(scope, receive, send, limit)
            return
        seen = 0
        started = False

        async def counted() -> Message:
            nonlocal seen
            message: Message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:  # raised inside the app, whose handler answers 413 (FastAPI keeps HTTP errors)
                    raise BodyTooLarge(scope["path"], limit)
            return message

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except BodyTooLarge:
            if started:  # the answer is under way: nothing sensible to add; the client sees a cut stream
                raise
            await self._refuse(scope, receive, send, limit)

    @staticmethod
    async def _refuse(scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        await too_large(BodyTooLarge(scope["path"], limit))(scope, receive, send)
