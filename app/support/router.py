"""Customer-service routes: thin; pushes and assignment run after the commit."""

from typing import Annotated

from fastapi import APIRouter, Query, status
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth.deps import AgentUser, CurrentUser, SettingsDep
from app.db.deps import SessionDep
from app.db.session import after_commit
from app.errors import error_responses
from app.realtime.push import Push, push_all
from app.scheduler.context import JobContext
from app.schemas import AfterId, ResourceId
from app.support import agents, chats, events
from app.support.deps import CustomerUser, JobContextDep
from app.support.errors import (
    AlreadyInChat,
    AlreadyQueued,
    ChatNotFound,
    ChatNotOpen,
    EmptyMessage,
    MessageTooLong,
)
from app.support.jobs import assign_queued_users
from app.support.schemas import (
    AgentStatusRead,
    AgentStatusUpdate,
    ChatRead,
    CurrentRead,
    MessageCreate,
    MessageRead,
    QueueRead,
)

router = APIRouter(prefix="/support", tags=["support"])


def _assign_after_commit(session: AsyncSession, context: JobContext) -> None:
    async def assign() -> None:
        await assign_queued_users(context)

    after_commit(session, assign, name="support.assign")


def _push_after_commit(
    session: AsyncSession, context: JobContext, pushes: list[Push]
) -> None:
    async def push() -> None:
        await push_all(context.hub, pushes)

    after_commit(session, push, name="support.push")


def _queue_read(waiting: chats.Waiting) -> QueueRead:
    return QueueRead(
        queue_id=waiting.entry.id,
        position=waiting.position,
        created_at=waiting.entry.created_at,
    )


@router.post(
    "/chats",
    status_code=status.HTTP_201_CREATED,
    response_model=QueueRead,
    responses=error_responses(AlreadyInChat, AlreadyQueued),
)
async def join_queue(
    user: CustomerUser, session: SessionDep, context: JobContextDep
) -> QueueRead:
    waiting = await chats.join_queue(session, user)
    _assign_after_commit(session, context)
    return _queue_read(waiting)


@router.get("/chats/current", response_model=CurrentRead)
async def current(user: CurrentUser, session: SessionDep) -> CurrentRead:
    chat = await chats.open_chat_of(session, user.id)
    if chat is not None:
        return CurrentRead(status="open", chat=ChatRead.model_validate(chat))

    waiting = await chats.waiting_of(session, user.id)
    if waiting is not None:
        return CurrentRead(status="waiting", queue=_queue_read(waiting))
    return CurrentRead(status="none")


@router.get(
    "/chats/{chat_id}/messages",
    response_model=list[MessageRead],
    responses=error_responses(ChatNotFound),
)
async def list_messages(
    chat_id: ResourceId,
    user: CurrentUser,
    session: SessionDep,
    after_id: AfterId = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[MessageRead]:
    """Oldest first; page on with ``after_id`` set to the last ID seen."""
    chat = await chats.participant_chat(session, chat_id, user)
    messages = await chats.list_messages(session, chat, after_id=after_id, limit=limit)
    return [MessageRead.model_validate(message) for message in messages]


@router.post(
    "/chats/{chat_id}/messages",
    status_code=status.HTTP_201_CREATED,
    response_model=MessageRead,
    responses=error_responses(ChatNotFound, ChatNotOpen, EmptyMessage, MessageTooLong),
)
async def post_message(
    chat_id: ResourceId,
    body: MessageCreate,
    user: CurrentUser,
    session: SessionDep,
    context: JobContextDep,
) -> MessageRead:
    chat, message = await chats.post_message(session, chat_id, user, body.content)
    _push_after_commit(session, context, events.chat_message(chat, message))
    return MessageRead.model_validate(message)


@router.post(
    "/chats/{chat_id}/end",
    response_model=ChatRead,
    responses=error_responses(ChatNotFound, ChatNotOpen),
)
async def end_chat(
    chat_id: ResourceId, user: CurrentUser, session: SessionDep, context: JobContextDep
) -> ChatRead:
    chat = await chats.end_chat(session, chat_id, user)
    _push_after_commit(session, context, events.chat_ended(chat))
    _assign_after_commit(session, context)
    return ChatRead.model_validate(chat)


@router.put("/agents/me/status", response_model=AgentStatusRead)
async def set_status(
    body: AgentStatusUpdate,
    agent: AgentUser,
    session: SessionDep,
    settings: SettingsDep,
    context: JobContextDep,
) -> AgentStatusRead:
    profile = await agents.set_online(
        session,
        agent.id,
        online=body.online,
        default_capacity=settings.agent_max_concurrent_chats,
    )
    if profile.is_online:
        _assign_after_commit(session, context)
    return AgentStatusRead.model_validate(profile)


@router.get("/agents/me/chats", response_model=list[ChatRead])
async def my_chats(agent: AgentUser, session: SessionDep) -> list[ChatRead]:
    open_chats = await agents.list_open_chats(session, agent.id)
    return [ChatRead.model_validate(chat) for chat in open_chats]
