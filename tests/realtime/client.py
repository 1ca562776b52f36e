"""A real WebSocket client that collects events and answers pings."""

import asyncio
import contextlib
import json
import time
from collections.abc import Callable
from typing import Any, Self

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed


class EventClient:
    def __init__(self, url: str, *, answer_pings: bool = True) -> None:
        self.url = url
        self.answer_pings = answer_pings
        self.events: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self.pings: list[float] = []
        self.closed_at: float | None = None
        self._socket: ClientConnection | None = None
        self._reader: asyncio.Task[None] | None = None

    async def __aenter__(self) -> Self:
        self._socket = await connect(self.url, ping_interval=None, open_timeout=5)
        self._reader = asyncio.create_task(self._read())
        return self

    async def __aexit__(self, *_: object) -> None:
        assert self._socket is not None
        assert self._reader is not None
        await self._socket.close()
        self._reader.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._reader

    @property
    def close_code(self) -> int | None:
        assert self._socket is not None
        return self._socket.close_code

    async def _read(self) -> None:
        assert self._socket is not None
        try:
            async for raw in self._socket:
                await self._on_message(json.loads(raw))
        except ConnectionClosed:
            pass
        self.closed_at = time.monotonic()

    async def _on_message(self, event: dict[str, Any]) -> None:
        assert self._socket is not None
        if event["type"] != "ping":
            await self.events.put(event)
            return

        self.pings.append(time.monotonic())
        if self.answer_pings:
            await self._socket.send(json.dumps({"type": "pong"}))

    async def next_event(
        self,
        event_type: str,
        timeout: float = 5.0,
        where: Callable[[dict[str, Any]], bool] = lambda _: True,
    ) -> dict[str, Any]:
        """The next event of ``event_type`` matching ``where``; skips others."""
        async with asyncio.timeout(timeout):
            while True:
                event = await self.events.get()
                if event["type"] == event_type and where(event):
                    return event

    async def collect_until(
        self, event_type: str, timeout: float = 10.0
    ) -> list[dict[str, Any]]:
        """Every event up to and including the next one of ``event_type``."""
        collected: list[dict[str, Any]] = []
        async with asyncio.timeout(timeout):
            while not collected or collected[-1]["type"] != event_type:
                collected.append(await self.events.get())
        return collected

    async def send_raw(self, frame: str | bytes) -> None:
        assert self._socket is not None
        await self._socket.send(frame)

    async def wait_closed(self, timeout: float = 5.0) -> None:
        assert self._reader is not None
        async with asyncio.timeout(timeout):
            await asyncio.shield(self._reader)
