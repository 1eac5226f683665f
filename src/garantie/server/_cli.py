"""``garantie serve``: run the HTTP API under uvicorn."""

from __future__ import annotations

import argparse
import os
import sys

from garantie.errors import GarantieError
from garantie.server._settings import ENVIRONMENT, Settings

__all__ = ["main"]

_FLAGS = {"cors_origins": "cors-origin"}
EPILOG = "Each setting can also be given by its environment variable: " + ", ".join(
    f"--{_FLAGS.get(name, name.replace('_', '-'))}: {variable}" for name, variable in ENVIRONMENT.items()) + (
    ". No authentication is built in: put the service behind your own gateway or reverse proxy.")


def main(argv: list[str] | None = None) -> int:
    defaults = Settings()
    parser = argparse.ArgumentParser(prog="garantie serve", description="Serve the garantie HTTP API.",
                                     epilog=EPILOG)
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port (default: 8000; 0: any free port)")
    parser.add_argument("--workers", type=int, default=1, help="server processes (each loads the rules once)")
    parser.add_argument("--rules", help="a rule directory (default: the bundled rule set)")
    parser.add_argument("--max-body-bytes", type=int, help=f"default {defaults.max_body_bytes}")
    parser.add_argument("--max-batch-bytes", type=int, help=f"default {defaults.max_batch_bytes}")
    parser.add_argument("--max-batch-lines", type=int, help=f"default {defaults.max_batch_lines}")
    parser.add_argument("--time-limit", type=float, help=f"seconds per request (default {defaults.time_limit:g})")
    parser.add_argument("--cors-origin", action="append", dest="cors_origins", metavar="ORIGIN",
                        help="allow browser calls from this origin (repeatable; default: CORS off)")
    parser.add_argument("--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"])
    args = parser.parse_args(argv)
    try:
        import uvicorn

        from garantie.server._app import create_app
    except ImportError as error:
        print(f"garantie serve: {error.name} is missing; install the server extra: pip install 'garantie[server]'",
              file=sys.stderr)
        return 2
    try:
        settings = Settings.from_env(
            rules=args.rules, max_body_bytes=args.max_body_bytes, max_batch_bytes=args.max_batch_bytes,
            max_batch_lines=args.max_batch_lines, time_limit=args.time_limit,
            cors_origins=tuple(args.cors_origins) if args.cors_origins else None)
        if args.workers > 1:  # uvicorn starts each process from an import string: settings travel by environment
            os.environ.update(settings.to_env())
            uvicorn.run("garantie.server:create_app_from_env", factory=True, host=args.host, port=args.port,
                        workers=args.workers, log_level=args.log_level)
        else:
            uvicorn.run(create_app(settings), host=args.host, port=args.port, log_level=args.log_level)
    except (GarantieError, ValueError) as error:
        print(f"garantie serve: {error}", file=sys.stderr)
        return 2
    return 0
