"""A hub that records what would have been pushed, for job tests."""

from fastapi import WebSocket

from app.realtime.hub import Connection, Event


class RecordingHub:
    """Implements the ``Hub`` protocol; every user counts as one connection."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, dict[str, object]]] = []

    async def register(self, user_id: str, socket: WebSocket) -> Connection:
        raise NotImplementedError("a recording hub holds no sockets")

    async def unregister(self, connection: Connection) -> None:
        return None

    async def send_to_user(self, user_id: str, event: Event) -> int:
        self.sent.append((user_id, dict(event)))
        return 1

    def connection_count(self, user_id: str | None = None) -> int:
        return 0

    async def start(self) -> None:
        return None

    async def close(self) -> None:
        return None

    def events(self, event_type: str) -> list[tuple[str, dict[str, object]]]:
        return [
            (user, event) for user, event in self.sent if event["type"] == event_type
        ]
