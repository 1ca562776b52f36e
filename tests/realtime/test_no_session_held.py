import asyncio
from contextlib import AsyncExitStack

import httpx
import pytest
from fastapi import FastAPI

from app.realtime.hub import LocalHub
from tests.factories import create_user, login
from tests.realtime.client import EventClient
from tests.support.factories import eventually

# More than any pool here holds (SQLite: 5 + 10 overflow; PostgreSQL: 1).
SOCKETS = 16


@pytest.fixture
def settings_overrides() -> dict[str, object]:
    # One pooled connection (on PostgreSQL): a socket holding a session would
    # leave none for anybody else.
    return {"database_pool_size": 1, "database_max_overflow": 0}


async def test_open_sockets_hold_no_database_connection(
    app: FastAPI, client: httpx.AsyncClient, ws_base: str
) -> None:
    user = await create_user(app)
    headers = await login(client, user.email)
    token = headers["Authorization"].removeprefix("Bearer ")
    hub: LocalHub = app.state.hub

    async with AsyncExitStack() as stack:
        for _ in range(SOCKETS):
            await stack.enter_async_context(EventClient(f"{ws_base}/ws?token={token}"))

        async def all_connected() -> bool:
            return hub.connection_count(user.id) == SOCKETS

        await eventually(all_connected)
        async with asyncio.timeout(5):
            response = await client.get("/users/me", headers=headers)

    assert response.status_code == 200
