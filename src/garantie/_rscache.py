"""The bundled rule set, cached on disk: its files as parsed data, and the generated engine's code.

Parsing 68 YAML files takes most of a cold start; compiling a segment's generated engine takes longer still.
Both are stored once, in one file:

* **Key.** SHA-256 over the library version, the Python and Pydantic versions, every source file of the
  package (name, size and modification time, as for ``.pyc`` files) and every rule file (relative path and
  bytes). Any change gives another key, hence another file:
  a stale cache is never read.
* **Content.** ``marshal`` of plain data only: the rule files as parsed (dates tagged, with their paths), what
  the rule set's checks derived from them (``RuleSet.derived``), and the generated code objects by the hash
  of their source. No pickle, no class is instantiated by loading it. The file
  starts with a magic line and the SHA-256 of its body: a truncated or altered file is not read.
* **Where.** ``__pycache__`` beside the package when writable (like ``.pyc`` files), else the user cache
  directory (``platformdirs`` when installed, else ``$XDG_CACHE_HOME`` or ``~/.cache``), created private.
  The code it holds is trusted exactly as ``.pyc`` files are: only the package's owner or the user can write it.
* **Writes** go to a temporary file renamed over the target (atomic); **any** error on reading or
  writing means a silent rebuild from the YAML. ``GARANTIE_NO_CACHE=1`` turns the cache off.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import itertools
import marshal
import os
import sys
import tempfile
import types
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

__all__ = ["cache_key", "load", "load_all", "load_code", "store", "store_code"]

_MAGIC = b"garantie-rules-cache 1\n"
_DATE = "\x00date"


def _package_dir() -> Path:
    return Path(__file__).resolve().parent


def cache_key(directory: Path, files: list[Path]) -> str:
    """What the cached data depends on: the versions, the package's sources and the rule files."""
    import pydantic

    from garantie import __version__

    digest = hashlib.sha256(f"{__version__}|{sys.version}|{pydantic.VERSION}".encode())
    for source in sorted(_package_dir().glob("*.py")):
        # Sources by name, size and modification time, as Python checks its own .pyc files: an edit or a
        # reinstall changes them, and reading every source at each start cost more than the cache saved.
        stat = source.stat()
        digest.update(f"{source.name}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
    for path in files:
        digest.update(str(path.relative_to(directory)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _places(key: str) -> Iterator[Path]:
    """Beside the package, else in the user cache directory (only looked up when the first place fails:
    importing platformdirs costs more than reading the cache)."""
    name = f"rules-{key[:32]}.marshal"
    yield _package_dir() / "__pycache__" / name
    try:
        import platformdirs  # type: ignore[import-not-found,unused-ignore]  # optional

        yield Path(platformdirs.user_cache_dir("garantie")) / name
    except ImportError:
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        yield Path(base) / "garantie" / name


def _enabled() -> bool:
    return os.environ.get("GARANTIE_NO_CACHE", "") in ("", "0")


def _encode(value: Any, path: tuple[Any, ...], dates: list[tuple[Any, ...]]) -> Any:
    """``value`` with its dates as tagged tuples; the path of each date is added to ``dates``."""
    if isinstance(value, dict):
        if any(isinstance(k, dt.date | tuple) for k in value):
            raise TypeError("a date as a key is not cached")  # only values are found again by their path
        return {k: _encode(v, (*path, k), dates) for k, v in value.items()}
    if isinstance(value, list):
        return [_encode(item, (*path, index), dates) for index, item in enumerate(value)]
    if isinstance(value, dt.datetime):
        raise TypeError("a timestamp in a rule file is not cached")  # rules hold dates only
    if isinstance(value, dt.date):
        dates.append(path)
        return (_DATE, value.year, value.month, value.day)
    if isinstance(value, tuple):
        raise TypeError("a tuple in a rule file is not cached")  # YAML gives none: a tuple is a date's tag
    return value


def _decode(files: list[Any], dates: list[tuple[Any, ...]]) -> list[tuple[str, Any]]:
    """The files with their dates back, each found by its path: no walk through everything else."""
    for path in dates:
        parent = files
        for step in path[:-1]:
            parent = parent[step]
        tag = parent[path[-1]]
        if type(tag) is not tuple or tag[0] != _DATE:
            raise ValueError("a date's path does not lead to a date")
        parent[path[-1]] = dt.date(tag[1], tag[2], tag[3])
    return [(name, data) for name, data in files]


def _read(places: Iterable[Path], key: str) -> Any:
    """The stored value under ``key`` from the first place holding an intact file; None otherwise."""
    for place in places:
        try:
            raw = place.read_bytes()
        except OSError:
            continue
        try:
            head, body = raw[:len(_MAGIC) + 64], raw[len(_MAGIC) + 64:]
            if head != _MAGIC + hashlib.sha256(body).hexdigest().encode():
                continue
            stored = marshal.loads(body)
            if isinstance(stored, dict) and stored.get("key") == key:
                return stored["value"]
        except Exception:
            continue
    return None


def _write(places: Iterable[Path], key: str, value: Any, stale: str | None) -> None:
    """Write atomically in the first writable place, then remove older files matching ``stale`` there."""
    try:
        body = marshal.dumps({"key": key, "value": value})
    except (TypeError, ValueError):
        return
    blob = _MAGIC + hashlib.sha256(body).hexdigest().encode() + body
    for place in places:
        try:
            place.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=place.parent, prefix=".garantie-", suffix=".tmp")
            try:
                with os.fdopen(handle, "wb") as out:
                    out.write(blob)
                os.replace(temporary, place)
            finally:
                if os.path.exists(temporary):
                    os.unlink(temporary)
        except OSError:
            continue
        for old in place.parent.glob(stale) if stale else ():
            if old != place:
                with contextlib.suppress(OSError):
                    old.unlink()  # an older rule set's cache: it would never be read again
        return


def load(key: str) -> list[tuple[str, Any]] | None:
    """The cached rule files for ``key``; None on a miss or any problem."""
    found = load_all(key)
    return found[0] if found is not None else None


def load_all(key: str) -> tuple[list[tuple[str, Any]], dict[str, Any] | None] | None:
    """The cached rule files for ``key`` and what their checks derived (``RuleSet.derived``, None when it
    was not stored); None on a miss or any problem."""
    if not _enabled():
        return None
    found = _read(_places(key), key)
    try:
        if found is None:
            return None
        files, dates, derived = found
        return _decode(files, dates), derived
    except Exception:
        return None


def store(key: str, files: list[tuple[str, Any]], derived: dict[str, Any] | None = None) -> None:
    """Cache the rule files and what their checks derived; silently nothing when no place is writable."""
    if _enabled():
        dates: list[tuple[Any, ...]] = []
        try:
            encoded = [[name, _encode(data, (index, 1), dates)] for index, (name, data) in enumerate(files)]
        except TypeError:
            return
        _write(_places(key), key, (encoded, dates, derived), "rules-*.marshal")


def load_code(key: str, digest: str) -> Any:
    """A generated segment's code object, cached by the hash of its source; None on a miss."""
    if not _enabled():
        return None
    code = _read(_code_places(key, digest), digest)
    return code if isinstance(code, types.CodeType) else None


def store_code(key: str, digest: str, code: Any) -> None:
    """Cache a generated segment's code object beside the rule files' cache."""
    if _enabled():
        _write(_code_places(key, digest), digest, code, None)
        # Code of an older rule set: its key prefix differs.
        for place in itertools.islice(_code_places(key, digest), 1):
            for old in place.parent.glob("gen-*.marshal"):
                if not old.name.endswith(f"-{key[:8]}.marshal"):
                    with contextlib.suppress(OSError):
                        old.unlink()


def _code_places(key: str, digest: str) -> Iterator[Path]:
    return (place.with_name(f"gen-{digest[:40]}-{key[:8]}.marshal") for place in _places(key))
