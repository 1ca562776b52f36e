"""Several job runners at once over one database (as two processes would).

Each run opens its own session; the runs are spread over two engines, like
two server processes. Counts must be exact, on SQLite and on PostgreSQL.
"""

import asyncio
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable

import pytest
from fastapi import FastAPI
from sqlalchemy import select

from app.background import BackgroundTasks
from app.config import Settings
from app.db.engine import create_engine
from app.db.session import Database
from app.notifications.models import Notification
from app.scheduler.context import JobContext, JobOutcome
from app.support.jobs import assign_queued_users, end_idle_chats, warn_idle_chats
from app.support.models import AgentProfile, Chat, ChatMessage, QueueEntry
from tests.factories import count_rows, database_of
from tests.support.factories import create_agent, create_chat, queue_user
from tests.support.hub import RecordingHub

RUNS = 8
CHATS = 24

Job = Callable[[JobContext], Awaitable[JobOutcome]]


@pytest.fixture
async def runners(settings: Settings) -> AsyncIterator[list[JobContext]]:
    """Two independent engines, each with its own hub."""
    databases = [
        Database(create_engine(settings.database_url), BackgroundTasks())
        for _ in range(2)
    ]
    yield [JobContext(db, RecordingHub(), settings) for db in databases]
    for database in databases:
        await database.dispose()


async def race(job: Job, runners: list[JobContext]) -> list[JobOutcome]:
    return await asyncio.gather(
        *(job(runners[index % len(runners)]) for index in range(RUNS))
    )


def pushed(runners: list[JobContext], event_type: str) -> list[dict[str, object]]:
    return [
        event
        for runner in runners
        for _, event in runner.hub.sent  # type: ignore[attr-defined]
        if event["type"] == event_type
    ]


async def test_racing_warn_runs_warn_each_chat_once(
    app: FastAPI, runners: list[JobContext]
) -> None:
    agents = [await create_agent(app, capacity=CHATS) for _ in range(3)]
    for index in range(CHATS):
        await create_chat(app, agent=agents[index % 3], idle_seconds=61)

    outcomes = await race(warn_idle_chats, runners)

    assert sum(outcome["warned"] for outcome in outcomes) == CHATS
    assert await count_rows(app, Notification) == CHATS
    assert (
        await count_rows(app, ChatMessage, ChatMessage.sender_role == "system") == CHATS
    )
    warnings = pushed(runners, "notification_created")
    assert len(warnings) == CHATS
    assert len({event["chat_id"] for event in warnings}) == CHATS


async def test_racing_end_runs_end_each_chat_once(
    app: FastAPI, runners: list[JobContext]
) -> None:
    agents = [await create_agent(app, capacity=CHATS) for _ in range(3)]
    for index in range(CHATS):
        await create_chat(app, agent=agents[index % 3], idle_seconds=121)

    outcomes = await race(end_idle_chats, runners)

    assert sum(outcome["ended"] for outcome in outcomes) == CHATS
    assert await count_rows(app, Chat, Chat.status == "ended") == CHATS
    assert await count_rows(app, ChatMessage) == CHATS
    assert len(pushed(runners, "chat_ended")) == 2 * CHATS
    assert await count_rows(app, AgentProfile, AgentProfile.open_chats != 0) == 0


async def test_racing_assign_runs_never_exceed_capacity(
    app: FastAPI, runners: list[JobContext]
) -> None:
    agents = [await create_agent(app, capacity=2) for _ in range(3)]
    users = [await queue_user(app, age_seconds=100 - i) for i in range(20)]

    outcomes = await race(assign_queued_users, runners)

    assert sum(outcome["assigned"] for outcome in outcomes) == 6
    assert await count_rows(app, Chat) == 6
    assert await count_rows(app, QueueEntry) == 14
    async with database_of(app).sessionmaker() as session:
        chats = list(await session.scalars(select(Chat)))
        profiles = list(await session.scalars(select(AgentProfile)))
    assert Counter(chat.agent_id for chat in chats) == {a.id: 2 for a in agents}
    assert {chat.user_id for chat in chats} == {user.id for user in users[:6]}
    assert {profile.open_chats for profile in profiles} == {2}
    assert len(pushed(runners, "chat_assigned")) == 12


async def test_racing_end_and_assign_keep_the_books_straight(
    app: FastAPI, runners: list[JobContext]
) -> None:
    agent = await create_agent(app, capacity=4)
    for _ in range(4):
        await create_chat(app, agent=agent, idle_seconds=121)
    for i in range(10):
        await queue_user(app, age_seconds=100 - i)

    await asyncio.gather(
        race(end_idle_chats, runners), race(assign_queued_users, runners)
    )

    open_chats = await count_rows(app, Chat, Chat.status == "open")
    assert open_chats == 4
    async with database_of(app).sessionmaker() as session:
        profile = await session.get(AgentProfile, agent.id)
    assert profile is not None
    assert profile.open_chats == 4
    assert await count_rows(app, QueueEntry) == 6
