"""Who is connected, and pushing events to them.

Callers only know the :class:`Hub` protocol. :class:`LocalHub` holds the
sockets of this process; a backplane (Redis pub/sub) can implement the same
protocol later so that a push reaches a socket held by another process.
"""

import asyncio
import contextlib
import logging
from collections.abc import Mapping
from typing import Any, Protocol

from fastapi import WebSocket

logger = logging.getLogger(__name__)

Event = Mapping[str, Any]

CLOSE_GOING_AWAY = 1001
CLOSE_HEARTBEAT_TIMEOUT = 4408


class Connection:
    """One socket of one user, with its heartbeat state."""

    def __init__(self, user_id: str, socket: WebSocket) -> None:
        self.user_id = user_id
        self.socket = socket
        self.missed_pongs = 0
        self.closed = False
        # Starlette sockets are not safe for concurrent sends.
        self._send_lock = asyncio.Lock()

    async def send(self, event: Event, *, timeout: float) -> None:
        async with self._send_lock, asyncio.timeout(timeout):
            await self.socket.send_json(dict(event))

    def pong(self) -> None:
        self.missed_pongs = 0

    async def close(self, code: int) -> None:
        if self.closed:
            return
        self.closed = True
        # The peer may already be gone: closing is best effort.
        with contextlib.suppress(Exception):
            async with asyncio.timeout(1):
                await self.socket.close(code)


class Hub(Protocol):
    async def register(self, user_id: str, socket: WebSocket) -> Connection: ...

    async def unregister(self, connection: Connection) -> None: ...

    async def send_to_user(self, user_id: str, event: Event) -> int:
        """Push ``event`` to every connection of the user; how many got it.

        Never raises because a socket died: the dead connection is dropped.
        """
        ...

    def connection_count(self, user_id: str | None = None) -> int: ...

    async def start(self) -> None: ...

    async def close(self) -> None: ...


class LocalHub:
    """The sockets of this process, with a ping/pong heartbeat."""

    def __init__(
        self,
        *,
        ping_interval: float,
        missed_pongs_limit: int,
        send_timeout: float = 5.0,
    ) -> None:
        self.ping_interval = ping_interval
        self.missed_pongs_limit = missed_pongs_limit
        self.send_timeout = send_timeout
        self._connections: dict[str, set[Connection]] = {}
        self._heartbeat: asyncio.Task[None] | None = None

    async def register(self, user_id: str, socket: WebSocket) -> Connection:
        connection = Connection(user_id, socket)
        self._connections.setdefault(user_id, set()).add(connection)
        logger.info(
            "socket connected",
            extra={"user_id": user_id, "connections": self.connection_count(user_id)},
        )
        return connection

    async def unregister(self, connection: Connection) -> None:
        connections = self._connections.get(connection.user_id)
        if connections is None or connection not in connections:
            return

        connections.discard(connection)
        if not connections:
            del self._connections[connection.user_id]
        logger.info("socket disconnected", extra={"user_id": connection.user_id})

    async def send_to_user(self, user_id: str, event: Event) -> int:
        connections = list(self._connections.get(user_id, ()))
        if not connections:
            return 0

        results = await asyncio.gather(
            *(self._send(connection, event) for connection in connections)
        )
        return sum(results)

    async def _send(self, connection: Connection, event: Event) -> bool:
        try:
            await connection.send(event, timeout=self.send_timeout)
        except Exception:
            logger.info(
                "dropping a socket that failed a send",
                extra={"user_id": connection.user_id, "event": event.get("type")},
            )
            await self._drop(connection, CLOSE_GOING_AWAY)
            return False
        return True

    async def _drop(self, connection: Connection, code: int) -> None:
        await self.unregister(connection)
        await connection.close(code)

    def connection_count(self, user_id: str | None = None) -> int:
        if user_id is not None:
            return len(self._connections.get(user_id, ()))
        return sum(len(connections) for connections in self._connections.values())

    async def start(self) -> None:
        self._heartbeat = asyncio.create_task(self._beat(), name="hub.heartbeat")

    async def _beat(self) -> None:
        loop = asyncio.get_running_loop()
        next_round = loop.time()
        while True:
            # Fixed rate: a slow round does not push the later ones back.
            next_round = max(next_round + self.ping_interval, loop.time())
            await asyncio.sleep(next_round - loop.time())
            try:
                await self.ping_all()
            except Exception:
                logger.exception("heartbeat round failed")

    async def ping_all(self) -> None:
        """One heartbeat round: drop who missed too many pings, ping the rest."""
        connections = [c for group in self._connections.values() for c in group]
        late = [c for c in connections if c.missed_pongs >= self.missed_pongs_limit]
        alive = [c for c in connections if c.missed_pongs < self.missed_pongs_limit]

        for connection in late:
            logger.info(
                "dropping a socket that stopped answering pings",
                extra={"user_id": connection.user_id},
            )
        await asyncio.gather(
            *(self._drop(c, CLOSE_HEARTBEAT_TIMEOUT) for c in late),
            *(self._ping(c) for c in alive),
        )

    async def _ping(self, connection: Connection) -> None:
        connection.missed_pongs += 1
        await self._send(connection, {"type": "ping"})

    async def close(self) -> None:
        if self._heartbeat is not None:
            self._heartbeat.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._heartbeat
        connections = [c for group in self._connections.values() for c in group]
        await asyncio.gather(*(self._drop(c, CLOSE_GOING_AWAY) for c in connections))
