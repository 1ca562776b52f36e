"""Pushing a batch of events, where one failure never stops the rest."""

import asyncio
import logging
from collections.abc import Sequence

from app.realtime.hub import Event, Hub

logger = logging.getLogger(__name__)

Push = tuple[str, Event]


async def push_all(hub: Hub, pushes: Sequence[Push]) -> int:
    """Send every ``(user_id, event)``; how many connections received one."""
    results = await asyncio.gather(
        *(hub.send_to_user(user_id, event) for user_id, event in pushes),
        return_exceptions=True,
    )
    delivered = 0
    for (user_id, event), result in zip(pushes, results, strict=True):
        if isinstance(result, BaseException):
            logger.warning(
                "push failed",
                extra={"user_id": user_id, "event": event.get("type")},
                exc_info=result,
            )
            continue
        delivered += result
    return delivered
