"""The server's limits and options, from the command line or ``GARANTIE_*`` environment variables."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields

__all__ = ["ENVIRONMENT", "Settings"]

# Each setting's environment variable (read when the command line does not say).
ENVIRONMENT = {
    "rules": "GARANTIE_RULES",
    "max_body_bytes": "GARANTIE_MAX_BODY_BYTES",
    "max_batch_bytes": "GARANTIE_MAX_BATCH_BYTES",
    "max_batch_lines": "GARANTIE_MAX_BATCH_LINES",
    "time_limit": "GARANTIE_TIME_LIMIT",
    "cors_origins": "GARANTIE_CORS_ORIGINS",
}


@dataclass(frozen=True)
class Settings:
    """Limits every request is held to, and the optional CORS origins.

    A body over its limit answers 413, a batch of more lines 413, a request over ``time_limit`` seconds 503
    (a batch instead ends its stream with a time-limit error record for each case it did not reach).
    """

    rules: str | None = None  # a rule directory; None: the bundled rule set
    max_body_bytes: int = 1 << 20  # /v1/evaluate, /v1/explain: 1 MiB (a large case is a few kB)
    max_batch_bytes: int = 32 << 20  # /v1/batch: 32 MiB of JSON Lines
    max_batch_lines: int = 10_000  # cases per /v1/batch request
    time_limit: float = 30.0  # seconds per request
    cors_origins: tuple[str, ...] = ()  # browser origins allowed to call the API; empty: CORS off

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **given: object) -> Settings:
        """Settings from ``given`` (non-None values), else the environment, else the defaults."""
        env = os.environ if environ is None else environ
        values: dict[str, object] = {}
        for item in fields(cls):
            if given.get(item.name) is not None:
                values[item.name] = given[item.name]
                continue
            raw = env.get(ENVIRONMENT[item.name])
            if raw is None or raw == "":
                continue
            if item.name == "cors_origins":
                values[item.name] = tuple(part.strip() for part in raw.split(",") if part.strip())
            elif item.name == "time_limit":
                values[item.name] = float(raw)
            elif item.name == "rules":
                values[item.name] = raw
            else:
                values[item.name] = int(raw)
        settings = cls(**values)  # type: ignore[arg-type]
        settings.check()
        return settings

    def check(self) -> None:
        for name in ("max_body_bytes", "max_batch_bytes", "max_batch_lines", "time_limit"):
            if getattr(self, name) <= 0:
                raise ValueError(f"{name} must be positive")

    def to_env(self) -> dict[str, str]:
        """The environment variables that give these settings (for worker processes)."""
        out: dict[str, str] = {}
        for item in fields(self):
            value = getattr(self, item.name)
            if value is None:
                continue
            out[ENVIRONMENT[item.name]] = ",".join(value) if isinstance(value, tuple) else str(value)
        return out
