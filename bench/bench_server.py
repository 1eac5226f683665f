"""Load test of ``garantie serve`` on 127.0.0.1 only, against ``evaluate()`` in process, in one run.

    .venv/bin/python bench/bench_server.py [--requests 2000] [--concurrency 16] [--max-seconds 180]

Starts a real server on a free port of 127.0.0.1, waits for it, sends --requests POST /v1/evaluate (the
repository's case files, cycled) with --concurrency in flight, then stops it. Prints errors (must be 0),
throughput, p50/p99 latency, the in-process rate of ``evaluate()`` + JSON on the same cases, and their ratio.
Bounded: it stops after --requests requests or --max-seconds, whichever comes first (unsent ones count as
errors), and it never sends to any other address.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from casefiles import load_cases  # noqa: E402

import garantie  # noqa: E402
from garantie.batch._records import verdict_json  # noqa: E402

HOST = "127.0.0.1"  # the only address this script talks to


def cases() -> list[dict[str, Any]]:
    found = [c for c in load_cases() if c.error is None and c.known_bug is None]
    out = []
    for case in found:
        data = json.loads(json.dumps(case.input, default=str))
        data.setdefault("as_of", "2025-01-15")
        out.append(data)
    return out


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


def start(port: int, workers: int) -> subprocess.Popen[bytes]:
    process = subprocess.Popen([sys.executable, "-m", "garantie", "serve", "--host", HOST, "--port", str(port),
                                "--workers", str(workers), "--log-level", "warning"])
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://{HOST}:{port}/v1/health", timeout=2).status_code == 200:
                return process
        except httpx.TransportError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("the server did not start within 60 s")


async def load(url: str, bodies: list[bytes], count: int, concurrency: int, max_seconds: float) -> tuple[
        list[float], Counter[str], float]:
    latencies: list[float] = []
    errors: Counter[str] = Counter()
    next_index = 0
    deadline = time.monotonic() + max_seconds
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)

    async def worker(client: httpx.AsyncClient) -> None:
        nonlocal errors, next_index
        while next_index < count and time.monotonic() < deadline:
            body = bodies[next_index % len(bodies)]
            next_index += 1
            sent = time.perf_counter()
            try:
                response = await client.post(url, content=body, headers={"content-type": "application/json"})
                if response.status_code != 200 or not response.content.startswith(b'{"schema_version"'):
                    errors[f"HTTP {response.status_code}"] += 1
            except httpx.HTTPError as error:
                errors[type(error).__name__] += 1
            latencies.append(time.perf_counter() - sent)

    started = time.perf_counter()
    async with httpx.AsyncClient(limits=limits, timeout=60) as client:
        await asyncio.gather(*(worker(client) for _ in range(concurrency)))
    elapsed = time.perf_counter() - started
    if count > len(latencies):
        errors["not sent within --max-seconds"] += count - len(latencies)
    return latencies, errors, elapsed


def in_process(data: list[dict[str, Any]], count: int) -> float:
    rules = garantie.load_rules()
    started = time.perf_counter()
    for index in range(count):
        verdict_json(garantie.evaluate(data[index % len(data)], rules=rules))  # as the server serialises it
    return count / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--max-seconds", type=float, default=180)
    parser.add_argument("--server-workers", type=int, default=1)
    args = parser.parse_args()
    data = cases()
    bodies = [json.dumps(case).encode() for case in data]
    print(f"cores available: {len(os.sched_getaffinity(0))}; load average: {os.getloadavg()[0]:.2f}")
    port = free_port()
    server = start(port, args.server_workers)
    try:
        latencies, errors, elapsed = asyncio.run(load(f"http://{HOST}:{port}/v1/evaluate", bodies, args.requests,
                                                      args.concurrency, args.max_seconds))
    finally:
        server.terminate()
        server.wait(timeout=30)
    rate = len(latencies) / elapsed
    ordered = sorted(latencies)
    p50 = ordered[len(ordered) // 2] * 1000
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000
    local = in_process(data, min(args.requests, 1000))
    print(f"server ({args.server_workers} process): {len(latencies)} requests at concurrency {args.concurrency}, "
          f"errors {sum(errors.values())}{f' {dict(errors)}' if errors else ''}, "
          f"{rate:.0f} requests/s, p50 {p50:.1f} ms, p99 {p99:.1f} ms")
    print(f"in process: evaluate() + JSON {local:.0f} cases/s")
    print(f"ratio server / in process: {rate / local:.2f}")


if __name__ == "__main__":
    main()
