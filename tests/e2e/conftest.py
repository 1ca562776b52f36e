"""A real ``asyncdesk serve`` process on a fresh database and a real mailbox."""

import asyncio
import os
import signal
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from app.config import LOOP_SLOW_CALLBACK_ENV
from tests.blocking_guard import assert_no_slow_callbacks, threshold_ms
from tests.mailbox import Mailbox
from tests.net import free_port

BIN = Path(sys.executable).parent
SERVER_START_TIMEOUT = 30.0
SERVER_STOP_TIMEOUT = 15.0


@dataclass(frozen=True)
class Server:
    base_url: str
    ws_url: str
    env: dict[str, str]
    log: Path

    async def cli(self, *args: str) -> str:
        """Run an ``asyncdesk`` command against the server's database."""
        process = await asyncio.create_subprocess_exec(
            str(BIN / "asyncdesk"),
            *args,
            env=self.env,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        out, err = await process.communicate()
        assert process.returncode == 0, err.decode()
        return out.decode().strip()


def server_env(database_url: str, mailbox: Mailbox, port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASYNCDESK_")}
    env.update(
        {
            "ASYNCDESK_DATABASE_URL": database_url,
            "ASYNCDESK_SECRET_KEY": "e2e-secret-key-long-enough-for-hs256-signing",
            "ASYNCDESK_PUBLIC_BASE_URL": f"http://127.0.0.1:{port}",
            "ASYNCDESK_EMAIL_VERIFICATION": "true",
            "ASYNCDESK_MAIL_BACKEND": "smtp",
            "ASYNCDESK_SMTP_HOST": "127.0.0.1",
            "ASYNCDESK_SMTP_PORT": str(mailbox.port),
            "ASYNCDESK_CHAT_TIMEOUT_SECONDS": "4",
            "ASYNCDESK_CHAT_WARNING_SECONDS": "2",
            "ASYNCDESK_SUPPORT_JOB_INTERVAL_SECONDS": "1",
            "ASYNCDESK_WEBSOCKET_PING_INTERVAL_SECONDS": "1",
            "ASYNCDESK_PASSWORD_HASH_TIME_COST": "1",
            "ASYNCDESK_PASSWORD_HASH_MEMORY_KIB": "1024",
            "ASYNCDESK_SCHEDULER_ENABLED": "true",
            LOOP_SLOW_CALLBACK_ENV: str(threshold_ms()),
        }
    )
    return env


@pytest.fixture
async def server(
    empty_database_url: str, mailbox: Mailbox, tmp_path: Path
) -> AsyncIterator[Server]:
    port = free_port()
    env = server_env(empty_database_url, mailbox, port)
    log = tmp_path / "server.log"
    with log.open("wb") as output:
        process = await asyncio.create_subprocess_exec(
            str(BIN / "asyncdesk"),
            *("serve", "--host", "127.0.0.1", "--port", str(port)),
            env=env,
            cwd=tmp_path,
            stdout=output,
            stderr=asyncio.subprocess.STDOUT,
        )
    base_url = f"http://127.0.0.1:{port}"
    try:
        await _wait_healthy(base_url, process, log)
        yield Server(base_url, f"ws://127.0.0.1:{port}", env, log)
    finally:
        code = await _stop(process)
        text = await read_log(log)
        # uvicorn re-raises the signal it handled once it has shut down.
        assert code in (0, -signal.SIGTERM), f"server exited with {code}:\n{text}"
        assert "asyncdesk stopped" in text, text
        assert "Traceback" not in text, text
        assert_no_slow_callbacks(text)


async def read_log(log: Path) -> str:
    return await asyncio.to_thread(log.read_text, errors="replace")


async def _wait_healthy(
    base_url: str, process: asyncio.subprocess.Process, log: Path
) -> None:
    async with httpx.AsyncClient(base_url=base_url) as http:
        async with asyncio.timeout(SERVER_START_TIMEOUT):
            while True:
                if process.returncode is not None:
                    raise AssertionError(await read_log(log))
                try:
                    if (await http.get("/ready")).status_code == 200:
                        return
                except httpx.TransportError:
                    pass
                await asyncio.sleep(0.1)


async def _stop(process: asyncio.subprocess.Process) -> int:
    if process.returncode is None:
        process.send_signal(signal.SIGTERM)
    try:
        async with asyncio.timeout(SERVER_STOP_TIMEOUT):
            return await process.wait()
    except TimeoutError:
        process.kill()
        await process.wait()
        raise AssertionError("the server did not stop on SIGTERM") from None
