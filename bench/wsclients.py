"""Many WebSocket clients in one process, apart from the server.

``python -m bench.wsclients URL SECRET FIRST_USER_ID COUNT TIMEOUT_S``
connects COUNT clients (user IDs from FIRST_USER_ID up), prints
``connected`` once all are, then waits for each client's
``chat_timeout_warning`` and prints the wall-clock receipt times as JSON.
"""

import asyncio
import json
import sys
import time
from typing import Any

import websockets

from app.auth.security import create_access_token

WARNING_TYPE = "chat_timeout_warning"
CONNECT_CONCURRENCY = 50


async def _connect(url: str, secret: str, user_id: str) -> Any:
    token = create_access_token(user_id, secret=secret, ttl_minutes=60).token
    return await websockets.connect(f"{url}/ws?token={token}", max_queue=None)


async def _await_warning(socket: Any) -> float | None:
    async for raw in socket:
        event = json.loads(raw)
        if event.get("type") == "ping":
            await socket.send(json.dumps({"type": "pong"}))
        elif event.get("notification_type") == WARNING_TYPE:
            return time.time()
    return None


async def run(url: str, secret: str, first: int, count: int, timeout: float) -> None:
    gate = asyncio.Semaphore(CONNECT_CONCURRENCY)

    async def connect(index: int) -> Any:
        async with gate:
            return await _connect(url, secret, str(first + index))

    sockets = await asyncio.gather(*(connect(i) for i in range(count)))
    print("connected", flush=True)
    waits = [asyncio.ensure_future(_await_warning(s)) for s in sockets]
    done, pending = await asyncio.wait(waits, timeout=timeout)
    for task in pending:
        task.cancel()
    receipts = [task.result() for task in done if task.result() is not None]
    await asyncio.gather(*(s.close() for s in sockets), return_exceptions=True)
    print(json.dumps({"receipts": receipts, "clients": count}), flush=True)


def main(argv: list[str]) -> None:
    url, secret, first, count, timeout = argv
    asyncio.run(run(url, secret, int(first), int(count), float(timeout)))


if __name__ == "__main__":
    main(sys.argv[1:])
