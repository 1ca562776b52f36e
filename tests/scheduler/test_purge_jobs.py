from datetime import timedelta

from fastapi import FastAPI
from sqlalchemy import func, select

from app.auth.models import PendingSignup
from app.db.types import utcnow
from app.notifications.models import Notification
from app.scheduler.context import JobContext
from app.scheduler.housekeeping import purge_expired_signups
from app.support.jobs import purge_ended_chats, warn_idle_chats
from app.support.models import Chat
from tests.factories import database_of
from tests.support.factories import create_chat, end_chat_at, messages_of


async def test_old_ended_chats_go_with_their_messages(
    app: FastAPI, context: JobContext
) -> None:
    old = await create_chat(app, idle_seconds=61)
    recent = await create_chat(app, idle_seconds=61)
    still_open = await create_chat(app, idle_seconds=61)
    await warn_idle_chats(context)
    await end_chat_at(app, old.id, utcnow() - timedelta(days=31))
    await end_chat_at(app, recent.id, utcnow() - timedelta(days=29))

    outcome = await purge_ended_chats(context)

    assert outcome == {"chats": 1, "messages": 1}
    async with database_of(app).sessionmaker() as session:
        left = set(await session.scalars(select(Chat.id)))
        orphaned = await session.scalar(
            select(func.count()).where(Notification.chat_id.is_(None))
        )
    assert left == {recent.id, still_open.id}
    assert await messages_of(app, old.id) == []
    assert len(await messages_of(app, recent.id)) == 1
    assert orphaned == 1


async def test_expired_pending_signups_are_purged(
    app: FastAPI, context: JobContext
) -> None:
    async with database_of(app).transaction() as session:
        for index, hours in enumerate((-1, -0.01, 2)):
            session.add(
                PendingSignup(
                    email=f"pending{index}@example.com",
                    name=f"pending{index}",
                    name_key=f"pending{index}",
                    password_hash="x",
                    token_hash=f"{index:064d}",
                    expires_at=utcnow() + timedelta(hours=hours),
                )
            )

    outcome = await purge_expired_signups(context)

    assert outcome == {"signups": 2}
    async with database_of(app).sessionmaker() as session:
        emails = list(await session.scalars(select(PendingSignup.email)))
    assert emails == ["pending2@example.com"]
