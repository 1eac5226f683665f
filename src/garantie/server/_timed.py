"""Run blocking work in a thread under the server's time limit (shared by the feature routers)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import anyio
import anyio.to_thread

from garantie.server._problems import TimeLimitExceeded

__all__ = ["run_timed"]

T = TypeVar("T")


async def run_timed(limit: float, work: Callable[[], T]) -> T:
    """``work()`` in a thread; past ``limit`` seconds a 503 (the thread finishes on its own)."""
    try:
        with anyio.fail_after(limit):
            return await anyio.to_thread.run_sync(work, abandon_on_cancel=True)
    except TimeoutError:
        raise TimeLimitExceeded(limit) from None
