"""Finding idle chats and warning or ending them, set-based.

Each step locks at most ``limit`` due rows, found through the ``(status,
last_activity_at)`` index, then changes them with one conditional
``UPDATE ... RETURNING``. On
PostgreSQL the due rows are locked with ``SKIP LOCKED`` and the conditions are
checked again on the locked row, so of two runs at once only one changes a
given chat; on SQLite writers are serialized.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, case, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.notifications import service as notifications
from app.notifications.models import Notification, NotificationType
from app.support.agents import release_slots
from app.support.models import (
    Chat,
    ChatMessage,
    ChatStatus,
    EndedBy,
    EndedType,
    SenderRole,
)

WARNING_TITLE = "Your chat is about to close"
WARNING_CONTENT = "Nobody has written for a while: the chat closes in {seconds} s."
WARNING = "This chat will close soon because nobody has written for a while."
ENDED = "This chat was closed because nobody wrote for a while."
TIMEOUT_REASON = "timeout"


@dataclass(frozen=True)
class IdleWarning:
    chat_id: int
    notification: Notification


def _idle_since(cutoff: datetime) -> ColumnElement[bool]:
    return and_(Chat.status == ChatStatus.OPEN, Chat.last_activity_at <= cutoff)


async def _lock_due(
    session: AsyncSession, condition: ColumnElement[bool], limit: int
) -> list[int]:
    """IDs of at most ``limit`` due chats, locked for this transaction.

    A separate statement on purpose: as an ``IN (subquery)`` PostgreSQL may
    re-run a ``LIMIT ... FOR UPDATE SKIP LOCKED`` subquery per row, and the
    batch bound no longer holds.
    """
    due = await session.scalars(
        select(Chat.id)
        .where(condition)
        .order_by(Chat.last_activity_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return list(due)


async def warn_idle(
    session: AsyncSession,
    *,
    now: datetime,
    idle_seconds: float,
    seconds_left: float,
    limit: int,
) -> list[IdleWarning]:
    """Warn chats idle for ``idle_seconds`` that were not warned in this period."""
    condition = and_(
        _idle_since(now - timedelta(seconds=idle_seconds)), Chat.warned_at.is_(None)
    )
    due_ids = await _lock_due(session, condition, limit)
    if not due_ids:
        return []

    marked = await session.execute(
        update(Chat)
        .where(Chat.id.in_(due_ids), condition)
        .values(warned_at=now)
        .returning(Chat.id, Chat.user_id)
        .execution_options(synchronize_session=False)
    )
    due = [(row.id, row.user_id) for row in marked]
    if not due:
        return []

    await _add_system_messages(session, [chat_id for chat_id, _ in due], now, WARNING)
    drafts = [
        notifications.NotificationDraft(
            user_id=user_id,
            notification_type=NotificationType.CHAT_TIMEOUT_WARNING,
            title=WARNING_TITLE,
            content=WARNING_CONTENT.format(seconds=round(seconds_left)),
            chat_id=chat_id,
        )
        for chat_id, user_id in due
    ]
    created = await notifications.create_many(session, drafts)
    return [
        IdleWarning(chat_id, n) for (chat_id, _), n in zip(due, created, strict=True)
    ]


async def end_idle(
    session: AsyncSession, *, now: datetime, timeout_seconds: float, limit: int
) -> list[Chat]:
    """End chats idle for ``timeout_seconds``; who went silent decides the type."""
    condition = _idle_since(now - timedelta(seconds=timeout_seconds))
    ended_type = case(
        (Chat.last_message_by == SenderRole.USER, EndedType.SERVICE_INACTIVE.value),
        else_=EndedType.USER_INACTIVE.value,
    )
    due_ids = await _lock_due(session, condition, limit)
    if not due_ids:
        return []

    result = await session.scalars(
        update(Chat)
        .where(Chat.id.in_(due_ids), condition)
        .values(
            status=ChatStatus.ENDED.value,
            ended_at=now,
            ended_by=EndedBy.SYSTEM.value,
            ended_reason=TIMEOUT_REASON,
            ended_type=ended_type,
        )
        .returning(Chat)
        .execution_options(synchronize_session=False, populate_existing=True)
    )
    chats = list(result)
    if not chats:
        return []

    await release_slots(session, chats)
    await _add_system_messages(session, [chat.id for chat in chats], now, ENDED)
    return chats


async def _add_system_messages(
    session: AsyncSession, chat_ids: list[int], now: datetime, content: str
) -> None:
    rows = [
        {
            "chat_id": chat_id,
            "sender_id": None,
            "sender_role": SenderRole.SYSTEM.value,
            "content": content,
            "created_at": now,
        }
        for chat_id in chat_ids
    ]
    await session.execute(insert(ChatMessage), rows)
