import asyncio
import time
from collections.abc import Awaitable, Callable

import httpx
import pytest
from fastapi import FastAPI
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from app.realtime.hub import LocalHub
from tests.factories import create_user, login
from tests.realtime.client import EventClient
from tests.realtime.conftest import PING_INTERVAL
from tests.support.factories import create_chat, eventually


async def token_for(client: httpx.AsyncClient, email: str) -> str:
    headers = await login(client, email)
    return headers["Authorization"].removeprefix("Bearer ")


def hub_of(app: FastAPI) -> LocalHub:
    hub: LocalHub = app.state.hub
    return hub


@pytest.mark.parametrize("query", ["", "?token=", "?token=not-a-jwt"])
async def test_a_bad_token_is_closed_with_4401(ws_base: str, query: str) -> None:
    async with connect(f"{ws_base}/ws{query}", ping_interval=None) as socket:
        with pytest.raises(ConnectionClosed):
            await asyncio.wait_for(socket.recv(), timeout=5)

    assert socket.close_code == 4401


async def test_every_connection_of_a_user_gets_every_event(
    app: FastAPI, client: httpx.AsyncClient, ws_base: str
) -> None:
    user = await create_user(app)
    chat = await create_chat(app, user=user)
    token = await token_for(client, user.email)
    url = f"{ws_base}/ws?token={token}"

    async with EventClient(url) as tab, EventClient(url) as phone:
        # Registered by the time the handshake is done.
        assert hub_of(app).connection_count(user.id) == 2
        await client.post(
            f"/support/chats/{chat.id}/messages",
            json={"content": "from the laptop"},
            headers={"Authorization": f"Bearer {token}"},
        )

        seen = [await c.next_event("chat_message") for c in (tab, phone)]
        delivered = await hub_of(app).send_to_user(user.id, {"type": "test"})

    assert [e["message"]["content"] for e in seen] == ["from the laptop"] * 2
    assert delivered == 2


def _connected(app: FastAPI, user_id: str, count: int) -> Callable[[], Awaitable[bool]]:
    async def check() -> bool:
        return hub_of(app).connection_count(user_id) == count

    return check


async def test_a_silent_client_is_dropped_and_others_are_served(
    app: FastAPI, client: httpx.AsyncClient, ws_base: str
) -> None:
    silent_user = await create_user(app)
    lively_user = await create_user(app)
    silent_url = f"{ws_base}/ws?token={await token_for(client, silent_user.email)}"
    lively_url = f"{ws_base}/ws?token={await token_for(client, lively_user.email)}"

    async with (
        EventClient(silent_url, answer_pings=False) as silent,
        EventClient(lively_url) as lively,
    ):
        await silent.wait_closed(timeout=PING_INTERVAL * 8)
        first_ping = silent.pings[0]
        assert silent.closed_at is not None
        dropped_after = silent.closed_at - first_ping
        delivered = await hub_of(app).send_to_user(lively_user.id, {"type": "hello"})
        hello = await lively.next_event("hello")

    assert silent.close_code == 4408
    assert len(silent.pings) == 3
    # Dropped at the round after the third unanswered ping, not a round later.
    assert dropped_after <= PING_INTERVAL * 3 + 0.4
    assert hub_of(app).connection_count(silent_user.id) == 0
    assert len(lively.pings) >= 3
    assert delivered == 1
    assert hello == {"type": "hello"}


async def test_sending_to_a_dead_socket_never_raises(
    app: FastAPI, client: httpx.AsyncClient, ws_base: str
) -> None:
    user = await create_user(app)
    url = f"{ws_base}/ws?token={await token_for(client, user.email)}"
    hub = hub_of(app)

    async with EventClient(url) as live:
        await eventually(_connected(app, user.id, 1))
        [connection] = list(hub._connections[user.id])
        await connection.socket.close()
        started = time.monotonic()

        delivered = await hub.send_to_user(user.id, {"type": "lost"})

        await live.wait_closed()

    assert delivered == 0
    assert time.monotonic() - started < 1
    assert hub.connection_count(user.id) == 0


@pytest.mark.parametrize(
    "frame",
    [b"\x00\x01\xff", "not json", "[" * 100_000 + "]" * 100_000, '{"type": 5}', "null"],
)
async def test_garbage_frames_are_ignored_and_the_socket_keeps_working(
    app: FastAPI,
    client: httpx.AsyncClient,
    ws_base: str,
    frame: str | bytes,
    caplog: pytest.LogCaptureFixture,
) -> None:
    user = await create_user(app)
    url = f"{ws_base}/ws?token={await token_for(client, user.email)}"

    async with EventClient(url) as tab:
        await tab.send_raw(frame)
        await tab.send_raw(frame)
        # Give the server time to read both frames before the push.
        await asyncio.sleep(0.3)
        delivered = await hub_of(app).send_to_user(user.id, {"type": "after"})
        event = await tab.next_event("after")

    assert delivered == 1
    assert event == {"type": "after"}
    assert tab.close_code in (1000, None)
    assert "Exception in ASGI application" not in caplog.text
