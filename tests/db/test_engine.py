import asyncio
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from fastapi import FastAPI
from sqlalchemy import select, text
from sqlalchemy.exc import StatementError

from app.db.engine import create_engine
from app.invitations.models import InvitationCode
from tests.factories import create_code, database_of


async def test_sqlite_runs_in_wal_with_foreign_keys_and_a_busy_timeout(
    tmp_path: Path,
) -> None:
    engine = create_engine(
        f"sqlite+aiosqlite:///{tmp_path / 'tuned.db'}", sqlite_busy_timeout_ms=4321
    )

    try:
        async with engine.connect() as connection:
            journal = await connection.scalar(text("PRAGMA journal_mode"))
            foreign_keys = await connection.scalar(text("PRAGMA foreign_keys"))
            busy_timeout = await connection.scalar(text("PRAGMA busy_timeout"))
    finally:
        await engine.dispose()

    assert journal == "wal"
    assert foreign_keys == 1
    assert busy_timeout == 4321


async def test_sqlite_writers_queue_instead_of_failing(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'writers.db'}")
    async with engine.begin() as connection:
        await connection.execute(text("CREATE TABLE counter (n INTEGER)"))
        await connection.execute(text("INSERT INTO counter VALUES (0)"))

    async def read_then_write() -> None:
        async with engine.begin() as connection:
            current = await connection.scalar(text("SELECT n FROM counter"))
            await asyncio.sleep(0.005)
            await connection.execute(
                text("UPDATE counter SET n = :n"), {"n": current + 1}
            )

    try:
        await asyncio.gather(*(read_then_write() for _ in range(20)))
        async with engine.connect() as connection:
            total = await connection.scalar(text("SELECT n FROM counter"))
    finally:
        await engine.dispose()

    assert total == 20


async def test_timestamps_come_back_aware_and_compare_across_offsets(
    app: FastAPI,
) -> None:
    tokyo = timezone(timedelta(hours=9))
    start = datetime(2030, 1, 1, 12, 0, tzinfo=UTC)
    early = await create_code(app, valid_from=start.astimezone(tokyo))
    late = await create_code(app, valid_from=start + timedelta(microseconds=1))
    database = database_of(app)

    async with database.transaction() as session:
        stored = await session.get(InvitationCode, early.id)
        after_start = await session.scalars(
            select(InvitationCode.id).where(InvitationCode.valid_from > start)
        )
        from_start_in_another_zone = await session.scalars(
            select(InvitationCode.id)
            .where(InvitationCode.valid_from >= start.astimezone(tokyo))
            .order_by(InvitationCode.valid_from)
        )

    assert stored is not None
    assert stored.valid_from == start
    assert stored.valid_from.utcoffset() == timedelta(0)
    assert list(after_start) == [late.id]
    assert list(from_start_in_another_zone) == [early.id, late.id]


async def test_naive_timestamps_are_refused(app: FastAPI) -> None:
    database = database_of(app)

    with pytest.raises(StatementError, match="aware datetime"):
        async with database.transaction() as session:
            await session.scalars(
                select(InvitationCode).where(
                    InvitationCode.valid_from > datetime(2030, 1, 1)
                )
            )
