"""Support-job scaling: one warn run and one end run over many open chats.

Of the seeded open chats 1% are due for a warning and 1% for ending. Each
run is timed and its SQL statements are counted; side by side, a per-chat
version of the warn run (one query per chat for its last message, as the
replaced design did) runs on the same data and is rolled back.
"""

import asyncio
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import create_engine, event, insert, select
from sqlalchemy.engine import Engine

from app.auth.models import User
from app.background import BackgroundTasks
from app.config import Settings
from app.db.engine import create_engine as create_async_engine
from app.db.session import Database
from app.db.types import utcnow
from app.notifications.models import Notification
from app.realtime.hub import LocalHub
from app.scheduler.context import JobContext
from app.support import jobs
from app.support.models import Chat, ChatMessage
from bench.databases import bench_database

TIMEOUT_S = 600.0
WARNING_S = 300.0
SEED_BATCH = 5_000
SIZES = (10_000, 100_000)
SMOKE_SIZES = (300, 1_000)


def _chat_clock(index: int, now: datetime) -> tuple[datetime, datetime | None]:
    """(last activity, warned at): 1% due for warning, 1% due for ending."""
    # Minutes of margin around each threshold, so that the time seeding and
    # the per-chat run take does not move a chat across one.
    if index % 100 == 0:
        return now - timedelta(seconds=TIMEOUT_S - WARNING_S + 10), None
    if index % 100 == 1:
        idle_since = now - timedelta(seconds=TIMEOUT_S + 100)
        return idle_since, idle_since + timedelta(seconds=TIMEOUT_S - WARNING_S)
    return now, None


def seed(sync_url: str, open_chats: int) -> None:
    engine = create_engine(sync_url)
    now = utcnow()
    with engine.begin() as connection:
        connection.execute(insert(User), [user_row("20000000", now)])
        for start in range(0, open_chats, SEED_BATCH):
            indexes = range(start, min(start + SEED_BATCH, open_chats))
            _seed_batch(connection, indexes, now)
    engine.dispose()


def user_row(user_id: str, now: datetime) -> dict[str, Any]:
    return {
        "id": user_id,
        "email": f"u{user_id}@bench.example.com",
        "name": f"u{user_id}",
        "name_key": f"u{user_id}",
        "password_hash": "x",
        "role": "user",
        "is_verified": True,
        "points_balance": 0,
        "created_at": now,
    }


def _seed_batch(connection: Any, indexes: range, now: datetime) -> None:
    users, chats, messages = [], [], []
    for index in indexes:
        user_id = str(30_000_000 + index)
        active_at, warned_at = _chat_clock(index, now)
        users.append(user_row(user_id, now))
        chats.append(
            {
                "id": index + 1,
                "user_id": user_id,
                "agent_id": "20000000",
                "status": "open",
                "created_at": active_at,
                "last_activity_at": active_at,
                "last_message_by": "user",
                "warned_at": warned_at,
            }
        )
        messages.append(
            {
                "chat_id": index + 1,
                "sender_id": user_id,
                "sender_role": "user",
                "content": "hello",
                "created_at": active_at,
            }
        )
    connection.execute(insert(User), users)
    connection.execute(insert(Chat), chats)
    connection.execute(insert(ChatMessage), messages)


class StatementCounter:
    def __init__(self, engine: Engine) -> None:
        self.count = 0
        event.listen(engine, "before_cursor_execute", self._count)

    def _count(self, *_: Any) -> None:
        self.count += 1

    @contextmanager
    def counting(self) -> Iterator[dict[str, int]]:
        seen = {"statements": 0}
        before = self.count
        yield seen
        seen["statements"] = self.count - before


async def per_chat_warn(database: Database, now: datetime) -> int:
    """The replaced design: every open chat, one query each for its clock."""
    cutoff = now - timedelta(seconds=TIMEOUT_S - WARNING_S)
    warned = 0
    async with database.sessionmaker() as session:
        chats = (await session.scalars(select(Chat).where(Chat.status == "open"))).all()
        for chat in chats:
            last = await session.scalar(
                select(ChatMessage.created_at)
                .where(
                    ChatMessage.chat_id == chat.id,
                    ChatMessage.sender_role != "system",
                )
                .order_by(ChatMessage.id.desc())
                .limit(1)
            )
            if chat.warned_at is None and (last or chat.created_at) <= cutoff:
                _warn_one(session, chat, now)
                warned += 1
        await session.flush()
        await session.rollback()
    return warned


def _warn_one(session: Any, chat: Chat, now: datetime) -> None:
    chat.warned_at = now
    session.add(
        ChatMessage(
            chat_id=chat.id,
            sender_role="system",
            content="closing soon",
            created_at=now,
        )
    )
    session.add(
        Notification(
            user_id=chat.user_id,
            notification_type="chat_timeout_warning",
            title="closing soon",
            content="closing soon",
            chat_id=chat.id,
            created_at=now,
        )
    )


async def _timed(counter: StatementCounter, run: Any) -> dict[str, Any]:
    with counter.counting() as seen:
        started = time.perf_counter()
        outcome = await run
        elapsed_ms = (time.perf_counter() - started) * 1000
    return {
        "ms": round(elapsed_ms, 1),
        "statements": seen["statements"],
        "outcome": outcome,
    }


async def measure(async_url: str, open_chats: int) -> dict[str, Any]:
    settings = Settings(
        _env_file=None,
        database_url=async_url,
        chat_timeout_seconds=TIMEOUT_S,
        chat_warning_seconds=WARNING_S,
        scheduler_enabled=False,
    )
    engine = create_async_engine(async_url)
    database = Database(engine, BackgroundTasks())
    counter = StatementCounter(engine.sync_engine)
    context = JobContext(
        database, LocalHub(ping_interval=60, missed_pongs_limit=3), settings
    )
    try:
        per_chat = await _timed(counter, per_chat_warn(database, utcnow()))
        warn = await _timed(counter, jobs.warn_idle_chats(context))
        end = await _timed(counter, jobs.end_idle_chats(context))
    finally:
        await engine.dispose()
    return {
        "open_chats": open_chats,
        "warn": warn,
        "end": end,
        "per_chat_warn": per_chat,
    }


def run_jobs_bench(server_url: str | None, *, smoke: bool) -> dict[str, Any]:
    targets = [None] if server_url is None else [server_url, None]
    results = []
    for target in targets:
        for size in SMOKE_SIZES if smoke else SIZES:
            with bench_database(target) as database:
                seed(database.sync_url, size)
                entry = asyncio.run(measure(database.async_url, size))
                entry["dialect"] = database.dialect
                results.append(entry)
    return {"runs": results}


def jobs_lines(results: dict[str, Any]) -> list[str]:
    lines = [
        "| database | open chats | warn run ms (statements, warned) "
        "| end run ms (statements, ended) | per-chat warn ms (statements) "
        "| per-chat ÷ set-based |",
        "|---|---|---|---|---|---|",
    ]
    for run in results["runs"]:
        warn, end, per_chat = run["warn"], run["end"], run["per_chat_warn"]
        speedup = per_chat["ms"] / warn["ms"] if warn["ms"] else 0
        lines.append(
            f"| {run['dialect']} | {run['open_chats']} "
            f"| {warn['ms']} ({warn['statements']}, {warn['outcome']['warned']}) "
            f"| {end['ms']} ({end['statements']}, {end['outcome']['ended']}) "
            f"| {per_chat['ms']} ({per_chat['statements']}) | {speedup:.0f}x |"
        )
    return lines


def jobs_targets(results: dict[str, Any]) -> list[tuple[str, bool, str]]:
    checks = []
    for run in results["runs"]:
        if run["dialect"] != "postgresql" or run["open_chats"] != max(SIZES):
            continue
        warn, per_chat = run["warn"], run["per_chat_warn"]
        due = run["open_chats"] // 100
        warned = warn["outcome"]["warned"]
        speedup = per_chat["ms"] / warn["ms"] if warn["ms"] else 0
        checks.append(
            (
                "one warn run over 100,000 open chats warns all 1,000 due in "
                "≤ 250 ms, ≥ 20x faster than the per-chat one",
                warn["ms"] <= 250 and speedup >= 20 and warned == due,
                f"{warn['ms']} ms, {speedup:.0f}x, warned {warned} of {due} due",
            )
        )
    return checks
