"""The queue and chats, as users and agents see them. Services only flush."""

import logging
import unicodedata
from dataclasses import dataclass

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth.models import User
from app.db.types import utcnow
from app.support.agents import release_slots
from app.support.errors import (
    AlreadyInChat,
    AlreadyQueued,
    ChatNotFound,
    ChatNotOpen,
    EmptyMessage,
    MessageTooLong,
)
from app.support.models import (
    MESSAGE_MAX_LENGTH,
    Chat,
    ChatMessage,
    ChatStatus,
    EndedBy,
    EndedType,
    QueueEntry,
    SenderRole,
)

logger = logging.getLogger(__name__)

CLOSED_REASON = "closed"


@dataclass(frozen=True)
class Waiting:
    entry: QueueEntry
    position: int


async def open_chat_of(session: AsyncSession, user_id: str) -> Chat | None:
    return await session.scalar(
        select(Chat).where(Chat.user_id == user_id, Chat.status == ChatStatus.OPEN)
    )


async def waiting_of(session: AsyncSession, user_id: str) -> Waiting | None:
    entry = await session.scalar(
        select(QueueEntry).where(QueueEntry.user_id == user_id)
    )
    if entry is None:
        return None
    return Waiting(entry, await _position(session, entry))


async def _position(session: AsyncSession, entry: QueueEntry) -> int:
    ahead_or_same = or_(
        QueueEntry.created_at < entry.created_at,
        and_(QueueEntry.created_at == entry.created_at, QueueEntry.id <= entry.id),
    )
    count = await session.scalar(
        select(func.count()).select_from(QueueEntry).where(ahead_or_same)
    )
    return int(count or 0)


async def join_queue(session: AsyncSession, user: User) -> Waiting:
    if await open_chat_of(session, user.id) is not None:
        raise AlreadyInChat()

    entry = QueueEntry(user_id=user.id, created_at=utcnow())
    try:
        async with session.begin_nested():
            session.add(entry)
            await session.flush()
    except IntegrityError:
        raise AlreadyQueued() from None

    # The insert may have waited for an assignment that took this user's
    # previous entry; under READ COMMITTED this second look sees its chat.
    if await open_chat_of(session, user.id) is not None:
        raise AlreadyInChat()

    logger.info("user queued", extra={"user_id": user.id, "queue_id": entry.id})
    return Waiting(entry, await _position(session, entry))


async def participant_chat(session: AsyncSession, chat_id: int, user: User) -> Chat:
    """The chat, if ``user`` is its user or agent; else it does not exist."""
    chat = await session.get(Chat, chat_id)
    if chat is None or user.id not in (chat.user_id, chat.agent_id):
        raise ChatNotFound()
    return chat


async def list_messages(
    session: AsyncSession, chat: Chat, *, after_id: int, limit: int
) -> list[ChatMessage]:
    query = (
        select(ChatMessage)
        .where(ChatMessage.chat_id == chat.id, ChatMessage.id > after_id)
        .order_by(ChatMessage.id)
        .limit(limit)
    )
    return list(await session.scalars(query))


def clean_content(content: str) -> str:
    text = content.strip()
    if not any(_visible(char) for char in text):
        raise EmptyMessage()
    if len(text) > MESSAGE_MAX_LENGTH:
        raise MessageTooLong(
            f"A message holds at most {MESSAGE_MAX_LENGTH} characters."
        )
    return text


def _visible(char: str) -> bool:
    # Zero-width and other format characters alone make no message.
    return not char.isspace() and unicodedata.category(char) != "Cf"


async def post_message(
    session: AsyncSession, chat_id: int, sender: User, content: str
) -> tuple[Chat, ChatMessage]:
    chat = await participant_chat(session, chat_id, sender)
    text = clean_content(content)
    role = SenderRole.USER if sender.id == chat.user_id else SenderRole.AGENT
    now = utcnow()

    # Conditional, so a message racing the end job either lands in an open
    # chat (and restarts its idle period) or is refused.
    touched = await session.scalar(
        update(Chat)
        .where(Chat.id == chat.id, Chat.status == ChatStatus.OPEN)
        .values(last_activity_at=now, last_message_by=role.value, warned_at=None)
        .returning(Chat)
        .execution_options(synchronize_session=False, populate_existing=True)
    )
    if touched is None:
        raise ChatNotOpen()

    message = ChatMessage(
        chat_id=chat.id,
        sender_id=sender.id,
        sender_role=role.value,
        content=text,
        created_at=now,
    )
    session.add(message)
    await session.flush()
    return touched, message


async def end_chat(session: AsyncSession, chat_id: int, user: User) -> Chat:
    chat = await participant_chat(session, chat_id, user)
    by_user = user.id == chat.user_id
    now = utcnow()

    ended = await session.scalar(
        update(Chat)
        .where(Chat.id == chat.id, Chat.status == ChatStatus.OPEN)
        .values(
            status=ChatStatus.ENDED.value,
            ended_at=now,
            ended_by=(EndedBy.USER if by_user else EndedBy.AGENT).value,
            ended_reason=CLOSED_REASON,
            ended_type=(
                EndedType.CLOSED_BY_USER if by_user else EndedType.CLOSED_BY_AGENT
            ).value,
        )
        .returning(Chat)
        .execution_options(synchronize_session=False, populate_existing=True)
    )
    if ended is None:
        raise ChatNotOpen()

    await release_slots(session, [ended])
    session.add(
        ChatMessage(
            chat_id=chat.id,
            sender_id=None,
            sender_role=SenderRole.SYSTEM.value,
            content=f"The {'user' if by_user else 'agent'} ended the chat.",
            created_at=now,
        )
    )
    await session.flush()
    logger.info("chat ended", extra={"chat_id": chat.id, "by": ended.ended_by})
    return ended
