"""Load generators, run as their own processes next to the server.

``python -m bench.load signup URL CLIENTS SECONDS CODE TAG``: CLIENTS
concurrent clients sign up in a loop until SECONDS have passed (requests in
flight then finish); prints sign-ups/s, latencies and errors as JSON.

``python -m bench.load probe URL SECONDS INTERVAL_MS``: one keep-alive
connection sends ``GET /health`` every INTERVAL_MS; prints the latencies.
"""

import asyncio
import http.client
import itertools
import json
import sys
import time
from urllib.parse import urlsplit

import httpx

from bench.stats import summary_ms

PASSWORD = "Bench-pass-2026"
REQUEST_TIMEOUT_S = 120.0


async def _signup_worker(
    client: httpx.AsyncClient,
    deadline: float,
    numbers: "itertools.count[int]",
    tag: str,
    code: str,
    latencies: list[float],
    errors: dict[str, int],
) -> None:
    while time.perf_counter() < deadline:
        number = next(numbers)
        body = {
            "email": f"{tag}-{number}@bench.example.com",
            "name": f"{tag}n{number}",
            "password": PASSWORD,
            "agreed_to_terms": True,
            "invitation_code": code,
        }
        started = time.perf_counter()
        try:
            response = await client.post("/auth/register", json=body)
        except httpx.HTTPError as error:
            errors[type(error).__name__] = errors.get(type(error).__name__, 0) + 1
            continue
        if response.status_code == 201:
            latencies.append(time.perf_counter() - started)
        else:
            key = str(response.status_code)
            errors[key] = errors.get(key, 0) + 1


async def run_signups(
    url: str, clients: int, seconds: float, code: str, tag: str
) -> dict[str, object]:
    latencies: list[float] = []
    errors: dict[str, int] = {}
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(
        base_url=url, limits=limits, timeout=REQUEST_TIMEOUT_S
    ) as client:
        started = time.perf_counter()
        deadline = started + seconds
        numbers = itertools.count()
        await asyncio.gather(
            *(
                _signup_worker(client, deadline, numbers, tag, code, latencies, errors)
                for _ in range(clients)
            )
        )
        elapsed = time.perf_counter() - started
    return {
        "clients": clients,
        "elapsed_s": round(elapsed, 3),
        "signups": len(latencies),
        "signups_per_s": round(len(latencies) / elapsed, 2),
        "latency": summary_ms(latencies),
        "errors": sum(errors.values()),
        "error_kinds": errors,
    }


def run_probe(url: str, seconds: float, interval_ms: float) -> dict[str, object]:
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(
        parts.hostname or "127.0.0.1", parts.port, timeout=REQUEST_TIMEOUT_S
    )
    latencies: list[float] = []
    failures = 0
    interval = interval_ms / 1000
    next_at = time.perf_counter()
    deadline = next_at + seconds
    while next_at < deadline:
        time.sleep(max(next_at - time.perf_counter(), 0))
        started = time.perf_counter()
        try:
            connection.request("GET", "/health")
            response = connection.getresponse()
            response.read()
            ok = response.status == 200
        except (OSError, http.client.HTTPException):
            ok = False
            connection.close()
        if ok:
            latencies.append(time.perf_counter() - started)
        else:
            failures += 1
        next_at = max(next_at + interval, time.perf_counter())
    connection.close()
    return {"health": summary_ms(latencies), "health_failures": failures}


def main(argv: list[str]) -> None:
    kind, url, *rest = argv
    if kind == "signup":
        clients, seconds, code, tag = rest
        result = asyncio.run(run_signups(url, int(clients), float(seconds), code, tag))
    elif kind == "probe":
        seconds, interval_ms = rest
        result = run_probe(url, float(seconds), float(interval_ms))
    else:
        raise SystemExit(f"unknown load {kind}")
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1:])
