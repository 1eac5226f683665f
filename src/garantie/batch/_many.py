"""``evaluate_many``: many cases, in input order, on worker processes, reusing unchanged earlier verdicts."""

from __future__ import annotations

import datetime as dt
import os
from collections import deque
from collections.abc import Generator, Iterable, Iterator
from concurrent.futures import Executor, Future
from dataclasses import dataclass, field
from itertools import islice
from typing import Literal

from garantie.batch._previous import Previous
from garantie.batch._records import Item, Options, Record, evaluate_record
from garantie.ruleset import load_rules

__all__ = ["available_cores", "evaluate_many"]

_CHUNK = 16  # cases per task: large enough to amortise inter-process traffic, small enough to keep order cheap


def available_cores() -> int:
    """The cores this process may run on (its CPU affinity where the system tells it)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def evaluate_many(cases: Iterable[Item], *, workers: int | None = 1, lang: Literal["fr", "en"] | None = None,
                  texts: bool = True, today: dt.date | None = None, rules: str | os.PathLike[str] | None = None,
                  previous: os.PathLike[str] | Iterable[str] | None = None,
                  chunk_size: int = _CHUNK) -> Generator[Record, None, None]:
    """Evaluate ``cases`` and yield one :class:`~garantie.batch.Record` per case, in input order.

    Each case is a mapping, a :class:`~garantie.Case` or a JSON line, with an optional ``id`` (default: its
    1-based position). A bad case yields an error record and the others go on. ``workers`` processes
    evaluate chunks in parallel (``None``: one per available core; ``1``: in this process); each loads the
    rule set once. ``lang``/``texts`` keep one language's texts or none. ``previous`` (an earlier output: a
    path, whose records stay on disk, or its lines) lets a case be answered from its earlier record instead
    of evaluated again — only when the case is unchanged (same ``case_sha256``), names its ``as_of``
    explicitly (a case without one is judged as of today, which moves), and the earlier verdict has the same
    provenance (garantie version and rule files) and texts. Reading stops early when the iterator is
    closed; pending work is cancelled.

    >>> [r.status for r in evaluate_many([{"purchase": {"contract_date": "2024-03-10"}, "as_of": "2024-04-01"},
    ...                                   "not json"])]
    ['undetermined', None]
    """
    options = Options(lang=lang, texts=texts, today=today, rules=None if rules is None else os.fspath(rules))
    count = available_cores() if workers is None else workers
    if count < 1 or chunk_size < 1:
        raise ValueError("workers and chunk_size must be at least 1")
    load_rules(options.rules)  # a broken rule set stops here, at the call, before any case
    reuse = Previous(previous, options) if previous is not None else None
    return _generate(_chunks(cases, chunk_size, reuse), options, count, reuse)


def _generate(chunks: Iterator[_Chunk], options: Options, count: int,
              reuse: Previous | None) -> Generator[Record, None, None]:
    try:
        if count == 1:
            for chunk in chunks:
                yield from chunk.merge(_run_chunk(chunk.todo, options) if chunk.todo else [])
            return
        with _pool(count, options) as executor:
            yield from _ordered(executor, chunks, options, window=4 * count)
    finally:
        if reuse is not None:
            reuse.close()


@dataclass
class _Chunk:
    """A run of consecutive items: those to evaluate, and those already answered (by position)."""

    todo: list[tuple[int, Item]] = field(default_factory=list)
    ready: dict[int, Record] = field(default_factory=dict)
    size: int = 0
    future: Future[list[Record]] | None = None

    def merge(self, done: list[Record]) -> Iterator[Record]:
        evaluated = iter(done)
        for position in range(self.size):
            found = self.ready.get(position)
            yield found if found is not None else next(evaluated)


def _chunks(cases: Iterable[Item], size: int, reuse: Previous | None) -> Iterator[_Chunk]:
    numbered = enumerate(cases, start=1)
    while True:
        batch = list(islice(numbered, size))
        if not batch:
            return
        chunk = _Chunk(size=len(batch))
        for position, (number, item) in enumerate(batch):
            earlier = reuse.reuse(item, number) if reuse else None
            if earlier is not None:
                chunk.ready[position] = earlier
            else:
                chunk.todo.append((number, item))
        yield chunk


def _run_chunk(todo: list[tuple[int, Item]], options: Options) -> list[Record]:
    return [evaluate_record(item, number, options) for number, item in todo]


def _warm(options: Options) -> None:
    load_rules(options.rules)  # once per worker process, before its first case


def _pool(count: int, options: Options) -> Executor:
    # Imported here: `import garantie` stays light for the one-case user.
    import multiprocessing
    import threading
    from concurrent.futures import ProcessPoolExecutor

    # A single-threaded process forks its workers: they start at once, sharing the rules already loaded.
    # With other threads running (a server, an application) forking is unsafe: workers then start from a
    # clean forkserver (or spawn, where that does not exist) and load the rules themselves.
    methods = multiprocessing.get_all_start_methods()
    method = ("fork" if "fork" in methods and threading.active_count() == 1
              else "forkserver" if "forkserver" in methods else "spawn")
    return ProcessPoolExecutor(max_workers=count, mp_context=multiprocessing.get_context(method),
                               initializer=_warm, initargs=(options,))


def _ordered(executor: Executor, chunks: Iterator[_Chunk], options: Options, *, window: int) -> Iterator[Record]:
    pending: deque[_Chunk] = deque()
    try:
        for chunk in chunks:
            if chunk.todo:
                chunk.future = executor.submit(_run_chunk, chunk.todo, options)
            pending.append(chunk)
            if len(pending) >= window:  # bounded: a huge input is never read ahead whole
                yield from _finish(pending.popleft())
        while pending:
            yield from _finish(pending.popleft())
    finally:
        for chunk in pending:
            if chunk.future is not None:
                chunk.future.cancel()


def _finish(chunk: _Chunk) -> Iterator[Record]:
    return chunk.merge(chunk.future.result() if chunk.future is not None else [])
