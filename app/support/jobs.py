"""The support jobs: warn, end, assign, purge.

Each run commits its changes first and pushes afterwards, so a client never
hears of something that was rolled back; a failed push is logged and the
rest of the batch still goes out.
"""

import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from app.db.types import utcnow
from app.notifications.service import created_event
from app.realtime.push import Push, push_all
from app.scheduler.context import JobContext, JobOutcome
from app.support import events, timeouts
from app.support.assignment import assign_waiting
from app.support.models import Chat
from app.support.retention import purge as retention_purge

logger = logging.getLogger(__name__)

T = TypeVar("T")

BATCH_SIZE = 500
# A run works off at most this many batches; a larger backlog waits for the
# next tick, so one run stays bounded in time.
MAX_BATCHES_PER_RUN = 40


async def _in_batches(
    context: JobContext,
    step: Callable[[AsyncSession], Awaitable[list[T]]],
    pushes_for: Callable[[T], list[Push]],
) -> tuple[int, int]:
    """Run ``step`` until a batch comes back short: each batch is committed,
    then pushed. Returns how many rows were handled and pushes delivered."""
    handled = delivered = 0

    for _ in range(MAX_BATCHES_PER_RUN):
        async with context.database.transaction() as session:
            batch = await step(session)
        pushes = [push for row in batch for push in pushes_for(row)]
        delivered += await push_all(context.hub, pushes)
        handled += len(batch)
        if len(batch) < BATCH_SIZE:
            break

    return handled, delivered


async def warn_idle_chats(context: JobContext) -> JobOutcome:
    """Warn every due chat, a committed and pushed batch at a time."""
    settings = context.settings
    lead = min(settings.chat_warning_seconds, settings.chat_timeout_seconds)
    now = utcnow()

    async def warn(session: AsyncSession) -> list[timeouts.IdleWarning]:
        return await timeouts.warn_idle(
            session,
            now=now,
            idle_seconds=settings.chat_timeout_seconds - lead,
            seconds_left=lead,
            limit=BATCH_SIZE,
        )

    def warning_push(warning: timeouts.IdleWarning) -> list[Push]:
        notification = warning.notification
        return [(notification.user_id, created_event(notification))]

    warned, delivered = await _in_batches(context, warn, warning_push)
    return {"warned": warned, "delivered": delivered}


async def end_idle_chats(context: JobContext) -> JobOutcome:
    """End every chat past its timeout, then hand the freed slots out."""
    now = utcnow()

    async def end(session: AsyncSession) -> list[Chat]:
        return await timeouts.end_idle(
            session,
            now=now,
            timeout_seconds=context.settings.chat_timeout_seconds,
            limit=BATCH_SIZE,
        )

    ended, delivered = await _in_batches(context, end, events.chat_ended)
    outcome = {"ended": ended, "delivered": delivered}
    if ended:
        outcome["assigned"] = (await assign_queued_users(context))["assigned"]
    return outcome


async def assign_queued_users(context: JobContext) -> JobOutcome:
    async with context.database.transaction() as session:
        chats = await assign_waiting(session, limit=BATCH_SIZE)

    pushes: list[Push] = [push for chat in chats for push in events.chat_assigned(chat)]
    delivered = await push_all(context.hub, pushes)
    for chat in chats:
        logger.info(
            "chat assigned",
            extra={
                "chat_id": chat.id,
                "user_id": chat.user_id,
                "agent_id": chat.agent_id,
            },
        )
    return {"assigned": len(chats), "delivered": delivered}


async def purge_ended_chats(context: JobContext) -> JobOutcome:
    """Delete chats ended before the retention period, with their messages."""
    retention = timedelta(days=context.settings.ended_chat_retention_days)
    async with context.database.transaction() as session:
        chats, messages = await retention_purge(
            session, ended_before=utcnow() - retention, limit=BATCH_SIZE
        )
    return {"chats": chats, "messages": messages}
