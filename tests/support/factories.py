"""Factories for the support side: agents, chats, idle clocks."""

import asyncio
import time
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any

from fastapi import FastAPI
from sqlalchemy import func, select, update

from app.auth.models import Role, User
from app.db.types import utcnow
from app.support.models import AgentProfile, Chat, ChatMessage, QueueEntry
from tests.factories import create_user, database_of


async def create_agent(
    app: FastAPI, *, online: bool = True, capacity: int = 5, rating: float = 0.0
) -> User:
    agent = await create_user(app, role=Role.AGENT)
    async with database_of(app).transaction() as session:
        session.add(
            AgentProfile(
                user_id=agent.id,
                is_online=online,
                max_concurrent_chats=capacity,
                open_chats=0,
                rating=rating,
                status_changed_at=utcnow(),
            )
        )
    return agent


async def queue_user(app: FastAPI, *, age_seconds: float = 0.0) -> User:
    user = await create_user(app)
    async with database_of(app).transaction() as session:
        created_at = utcnow() - timedelta(seconds=age_seconds)
        session.add(QueueEntry(user_id=user.id, created_at=created_at))
    return user


async def create_chat(
    app: FastAPI,
    *,
    user: User | None = None,
    agent: User | None = None,
    idle_seconds: float = 0.0,
    last_message_by: str | None = None,
) -> Chat:
    """An open chat whose last activity was ``idle_seconds`` ago."""
    user = user or await create_user(app)
    agent = agent or await create_agent(app)
    last_activity = utcnow() - timedelta(seconds=idle_seconds)
    async with database_of(app).transaction() as session:
        chat = Chat(
            user_id=user.id,
            agent_id=agent.id,
            created_at=last_activity,
            last_activity_at=last_activity,
            last_message_by=last_message_by,
        )
        session.add(chat)
        await session.execute(
            update(AgentProfile)
            .where(AgentProfile.user_id == agent.id)
            .values(open_chats=AgentProfile.open_chats + 1)
        )
        await session.flush()
    return chat


async def set_idle(app: FastAPI, chat_id: int, seconds: float) -> None:
    """Move the chat's inactivity clock ``seconds`` into the past."""
    async with database_of(app).transaction() as session:
        await session.execute(
            update(Chat)
            .where(Chat.id == chat_id)
            .values(last_activity_at=utcnow() - timedelta(seconds=seconds))
        )


async def end_chat_at(app: FastAPI, chat_id: int, ended_at: datetime) -> None:
    async with database_of(app).transaction() as session:
        await session.execute(
            update(Chat)
            .where(Chat.id == chat_id)
            .values(status="ended", ended_at=ended_at, ended_by="system")
        )


async def get_chat(app: FastAPI, chat_id: int) -> Chat:
    async with database_of(app).sessionmaker() as session:
        chat = await session.get(Chat, chat_id)
    assert chat is not None
    return chat


async def messages_of(app: FastAPI, chat_id: int) -> list[ChatMessage]:
    async with database_of(app).sessionmaker() as session:
        found = await session.scalars(
            select(ChatMessage)
            .where(ChatMessage.chat_id == chat_id)
            .order_by(ChatMessage.id)
        )
        return list(found)


async def email_of(app: FastAPI, user_id: str) -> str:
    async with database_of(app).sessionmaker() as session:
        user = await session.get(User, user_id)
    assert user is not None
    return user.email


async def agent_profile(app: FastAPI, agent_id: str) -> AgentProfile:
    async with database_of(app).sessionmaker() as session:
        profile = await session.get(AgentProfile, agent_id)
    assert profile is not None
    return profile


async def eventually(
    check: Callable[[], Awaitable[Any]], *, timeout: float = 5.0
) -> Any:
    """Poll ``check`` until it returns something truthy."""
    deadline = time.monotonic() + timeout
    while True:
        result = await check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout} s")
        await asyncio.sleep(0.02)


async def open_chat_count(app: FastAPI, user_id: str) -> int:
    async with database_of(app).sessionmaker() as session:
        count = await session.scalar(
            select(func.count())
            .select_from(Chat)
            .where(Chat.user_id == user_id, Chat.status == "open")
        )
    return int(count or 0)


async def queue_entry_count(app: FastAPI, user_id: str) -> int:
    async with database_of(app).sessionmaker() as session:
        count = await session.scalar(
            select(func.count())
            .select_from(QueueEntry)
            .where(QueueEntry.user_id == user_id)
        )
    return int(count or 0)
