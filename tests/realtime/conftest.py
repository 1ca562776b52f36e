import asyncio
from collections.abc import AsyncIterator

import pytest
import uvicorn
from fastapi import FastAPI

from tests.net import free_port
from tests.support.factories import eventually

PING_INTERVAL = 0.5


@pytest.fixture
def settings_overrides() -> dict[str, object]:
    return {
        "websocket_ping_interval_seconds": PING_INTERVAL,
        "websocket_missed_pongs_limit": 3,
    }


@pytest.fixture
async def ws_base(app: FastAPI) -> AsyncIterator[str]:
    """Serve the (already started) app over real sockets: ``ws://host:port``."""
    port = free_port()
    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=port,
        lifespan="off",
        log_config=None,
        ws_ping_interval=None,
        ws_ping_timeout=None,
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())

    async def started() -> bool:
        return bool(server.started)

    await eventually(started, timeout=10)
    try:
        yield f"ws://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task
