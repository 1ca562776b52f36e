"""Forgetting old chats."""

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.support.models import Chat, ChatMessage, ChatStatus


async def purge(
    session: AsyncSession, *, ended_before: datetime, limit: int
) -> tuple[int, int]:
    """Delete up to ``limit`` chats ended before the cutoff, and their messages.

    How many chats and messages went. The ``(status, ended_at)`` index finds
    them; open chats are never touched.
    """
    due = await session.scalars(
        select(Chat.id)
        .where(Chat.status == ChatStatus.ENDED, Chat.ended_at < ended_before)
        .order_by(Chat.ended_at)
        .limit(limit)
    )
    chat_ids = list(due)
    if not chat_ids:
        return 0, 0

    messages = await session.scalars(
        delete(ChatMessage)
        .where(ChatMessage.chat_id.in_(chat_ids))
        .returning(ChatMessage.id)
    )
    message_count = len(messages.all())
    await session.execute(delete(Chat).where(Chat.id.in_(chat_ids)))
    return len(chat_ids), message_count
