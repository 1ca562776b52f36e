"""A job run works off every due chat in bounded, separately committed batches."""

import pytest
from fastapi import FastAPI

from app.db.types import utcnow
from app.scheduler.context import JobContext
from app.support import jobs, timeouts
from tests.factories import database_of
from tests.support.factories import create_agent, create_chat
from tests.support.hub import RecordingHub

DUE = 7
BATCH = 3


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jobs, "BATCH_SIZE", BATCH)


async def _due_chats(app: FastAPI, idle_seconds: float) -> None:
    agent = await create_agent(app, capacity=DUE)
    for _ in range(DUE):
        await create_chat(app, agent=agent, idle_seconds=idle_seconds)


@pytest.mark.usefixtures("small_batches")
async def test_one_warn_run_warns_more_than_one_batch(app: FastAPI) -> None:
    await _due_chats(app, idle_seconds=61)
    hub = RecordingHub()
    context = JobContext(database_of(app), hub, app.state.settings)

    first = await jobs.warn_idle_chats(context)
    second = await jobs.warn_idle_chats(context)

    assert first == {"warned": DUE, "delivered": DUE}
    assert second == {"warned": 0, "delivered": 0}
    assert len(hub.events("notification_created")) == DUE


@pytest.mark.usefixtures("small_batches")
async def test_one_end_run_ends_more_than_one_batch(app: FastAPI) -> None:
    await _due_chats(app, idle_seconds=121)
    context = JobContext(database_of(app), RecordingHub(), app.state.settings)

    outcome = await jobs.end_idle_chats(context)

    assert outcome["ended"] == DUE


async def test_a_batch_never_exceeds_its_limit(app: FastAPI) -> None:
    await _due_chats(app, idle_seconds=61)

    async with database_of(app).transaction() as session:
        warned = await timeouts.warn_idle(
            session, now=utcnow(), idle_seconds=60, seconds_left=60, limit=BATCH
        )

    assert len(warned) == BATCH
