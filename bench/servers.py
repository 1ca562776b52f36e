"""Starting and stopping the server processes under test, on 127.0.0.1."""

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from bench.databases import BenchDatabase

ROOT = Path(__file__).resolve().parents[1]
VARIANTS = ("asyncdesk", "blocking", "to_thread")
STARTUP_TIMEOUT_S = 60.0
SECRET = "bench-secret-key-that-is-long-enough-for-hs256"


@dataclass(frozen=True)
class HashCost:
    time_cost: int
    memory_kib: int


@dataclass(frozen=True)
class Server:
    variant: str
    url: str
    process: "subprocess.Popen[bytes]"


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def asyncdesk_env(database: BenchDatabase, cost: HashCost) -> dict[str, str]:
    return {
        **os.environ,
        "ASYNCDESK_DATABASE_URL": database.async_url,
        "ASYNCDESK_EMAIL_VERIFICATION": "false",
        "ASYNCDESK_SCHEDULER_ENABLED": "false",
        "ASYNCDESK_SECRET_KEY": SECRET,
        "ASYNCDESK_MAIL_BACKEND": "console",
        "ASYNCDESK_PASSWORD_HASH_TIME_COST": str(cost.time_cost),
        "ASYNCDESK_PASSWORD_HASH_MEMORY_KIB": str(cost.memory_kib),
        "ASYNCDESK_PASSWORD_HASH_PARALLELISM": "1",
        # The baselines log nothing per request either.
        "ASYNCDESK_LOG_LEVEL": "WARNING",
    }


def _command(
    variant: str, database: BenchDatabase, port: int, cost: HashCost
) -> list[str]:
    if variant == "asyncdesk":
        return [sys.executable, "-m", "app.cli", "serve", "--port", str(port)]
    return [
        sys.executable,
        "-m",
        "bench.serve",
        variant,
        database.sync_url,
        str(port),
        str(cost.time_cost),
        str(cost.memory_kib),
    ]


@contextmanager
def running_server(
    variant: str,
    database: BenchDatabase,
    cost: HashCost,
    extra_env: dict[str, str] | None = None,
) -> Iterator[Server]:
    port = free_port()
    env = {**asyncdesk_env(database, cost), **(extra_env or {})}
    process = subprocess.Popen(
        _command(variant, database, port, cost),
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    server = Server(variant, f"http://127.0.0.1:{port}", process)
    try:
        _wait_until_healthy(server)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_healthy(server: Server) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"{server.variant} server exited at start-up")
        try:
            if httpx.get(f"{server.url}/health", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{server.variant} server did not start in time")
