"""The blocking guard catches a blocking call and names it."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.blocking_guard import (
    THRESHOLD_ENV,
    assert_no_slow_callbacks,
    server_env,
    slow_callbacks_in,
)

ROOT = Path(__file__).resolve().parents[1]

THROWAWAY_TESTS = textwrap.dedent(
    """
    import time

    import httpx
    from fastapi import FastAPI

    app = FastAPI()


    @app.get("/blocking")
    async def blocking_route() -> dict[str, str]:
        time.sleep(0.3)
        return {"status": "slept"}


    @app.get("/polite")
    async def polite_route() -> dict[str, str]:
        return {"status": "ok"}


    async def call(path: str) -> int:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
            return (await c.get(path)).status_code


    async def test_blocking_route() -> None:
        assert await call("/blocking") == 200


    async def test_polite_route() -> None:
        assert await call("/polite") == 200
    """
)


def run_throwaway_suite(tmp_path: Path) -> subprocess.CompletedProcess[str]:
    (tmp_path / "conftest.py").write_text('pytest_plugins = ["tests.blocking_guard"]\n')
    (tmp_path / "test_throwaway.py").write_text(THROWAWAY_TESTS)
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        THRESHOLD_ENV: "50",
    }
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-p",
        "no:cacheprovider",
        "-o",
        "asyncio_mode=auto",
        "-o",
        "asyncio_default_fixture_loop_scope=function",
        "--rootdir",
        str(tmp_path),
        str(tmp_path),
    ]
    return subprocess.run(
        command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120
    )


def test_guard_fails_a_test_whose_route_blocks_the_loop(tmp_path: Path) -> None:
    result = run_throwaway_suite(tmp_path)

    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "2 passed, 1 error" in output
    assert "ERROR test_throwaway.py::test_blocking_route" in output
    assert "test_polite_route" not in output.split("short test summary")[-1]
    assert "the event loop was blocked longer than 50 ms" in output
    assert "coro=<test_blocking_route()" in output
    assert "stall-watchdog" not in output
    assert "in blocking_route" in output
    assert "time.sleep(0.3)" in output


def test_server_log_lines_are_parsed() -> None:
    log = (
        "2026-01-01 WARNING asyncio: Executing <Task pending name='Task-9' "
        "coro=<warn_idle_chats() running at /app/jobs.py:40>> took 0.250 seconds\n"
        "2026-01-01 INFO app.main: asyncdesk started\n"
    )

    found = slow_callbacks_in(log)

    assert [slow.seconds for slow in found] == [0.25]
    assert "warn_idle_chats" in found[0].callback
    with pytest.raises(AssertionError, match="250 ms in <Task pending"):
        assert_no_slow_callbacks(log)
    assert_no_slow_callbacks("INFO app.main: asyncdesk started\n")


def test_server_env_turns_on_the_servers_own_check() -> None:
    env = server_env({"PATH": "/bin"})

    assert float(env["ASYNCDESK_LOOP_SLOW_CALLBACK_MS"]) > 0
    assert env["PATH"] == "/bin"
