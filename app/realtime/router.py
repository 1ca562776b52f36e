"""The WebSocket endpoint: authenticate, register, answer the heartbeat."""

import json
import logging

from fastapi import APIRouter, WebSocket, WebSocketDisconnect

from app.auth.deps import user_for_token
from app.config import Settings
from app.db.session import Database
from app.realtime.deps import get_hub
from app.realtime.hub import Connection

logger = logging.getLogger(__name__)

router = APIRouter(tags=["realtime"])

CLOSE_UNAUTHORIZED = 4401


@router.websocket("/ws")
async def websocket_endpoint(socket: WebSocket, token: str | None = None) -> None:
    user_id = await _authenticate(socket, token)
    # A close before the handshake cannot carry a close code: accept first.
    await socket.accept()
    if user_id is None:
        await socket.close(CLOSE_UNAUTHORIZED, reason="invalid token")
        return

    # Registered right after the handshake, so once a client is connected
    # every later event reaches it.
    # TODO(a socket outlives the expiry of the token it was opened with; close
    # it at the token's expiry once clients can refresh over the socket)
    hub = get_hub(socket)
    connection = await hub.register(user_id, socket)
    try:
        await _receive_until_closed(connection)
    finally:
        await hub.unregister(connection)


async def _authenticate(socket: WebSocket, token: str | None) -> str | None:
    """The user the token belongs to, looked up in a short session."""
    database: Database = socket.app.state.database
    settings: Settings = socket.app.state.settings
    async with database.sessionmaker() as session:
        user = await user_for_token(session, token, settings)
    return user.id if user is not None else None


async def _receive_until_closed(connection: Connection) -> None:
    try:
        while True:
            frame = await connection.socket.receive()
            if frame["type"] == "websocket.disconnect":
                return
            text = frame.get("text")
            if text is not None:
                _handle(connection, text)
    except WebSocketDisconnect:
        return
    except RuntimeError:
        # Raised when the hub closed the socket while we waited to receive.
        return


def _handle(connection: Connection, text: str) -> None:
    """Pongs count; anything else a client sends (binary frames are skipped
    before this) is ignored."""
    try:
        message = json.loads(text)
    except (ValueError, RecursionError):
        logger.debug("ignoring a non-JSON frame", extra={"user": connection.user_id})
        return

    if isinstance(message, dict) and message.get("type") == "pong":
        connection.pong()
