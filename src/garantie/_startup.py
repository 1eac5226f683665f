"""Start-up helpers: what keeps ``import garantie`` and the first verdict short."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["gc_paused"]


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while long-lived objects are built (model classes, the rule set).

    Building them allocates tens of thousands of objects that all survive, so every collection the
    allocations trigger scans them for nothing: about a tenth of import plus first verdict. Reference
    counting still frees everything else. At the end the survivors are moved to the oldest generation
    (``freeze`` then ``unfreeze``: no scan), where a later full collection still finds any cycle among
    them; enabling the collector with all of them young would scan them all at once. The collector is
    resumed (if it was running) even on error, and never touched if the application had turned it off;
    objects the application froze itself are left frozen.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        if getattr(gc, "get_freeze_count", lambda: 1)() == 0:  # CPython; nothing frozen by the application
            gc.freeze()
            gc.unfreeze()
        gc.enable()
