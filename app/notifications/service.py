"""Creating, listing and reading notifications. Services only flush."""

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.db.types import utcnow
from app.notifications.errors import NotificationNotFound
from app.notifications.models import Notification
from app.notifications.schemas import NotificationCreatedEvent


@dataclass(frozen=True)
class NotificationDraft:
    user_id: str
    notification_type: str
    title: str
    content: str
    chat_id: int | None = None


async def create_many(
    session: AsyncSession, drafts: Sequence[NotificationDraft]
) -> list[Notification]:
    """Insert every draft in one statement."""
    if not drafts:
        return []

    now = utcnow()
    rows = [asdict(draft) | {"is_read": False, "created_at": now} for draft in drafts]
    created = await session.scalars(
        insert(Notification).returning(Notification, sort_by_parameter_order=True),
        rows,
    )
    return list(created)


async def list_for_user(
    session: AsyncSession, user_id: str, *, unread_only: bool, limit: int
) -> list[Notification]:
    """Newest first."""
    query = select(Notification).where(Notification.user_id == user_id)
    if unread_only:
        query = query.where(Notification.is_read.is_(False))
    query = query.order_by(Notification.id.desc()).limit(limit)
    return list(await session.scalars(query))


async def mark_read(
    session: AsyncSession, user_id: str, notification_id: int
) -> Notification:
    notification = await session.get(Notification, notification_id)
    if notification is None or notification.user_id != user_id:
        raise NotificationNotFound()

    if not notification.is_read:
        notification.is_read = True
        notification.read_at = utcnow()
        await session.flush()
    return notification


def created_event(notification: Notification) -> dict[str, Any]:
    return NotificationCreatedEvent(
        notification_id=notification.id,
        notification_type=notification.notification_type,
        chat_id=notification.chat_id,
        title=notification.title,
        content=notification.content,
        created_at=notification.created_at,
    ).model_dump(mode="json")
