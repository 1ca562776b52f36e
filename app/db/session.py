"""Sessions and the single owner of commit and rollback.

Services only ``flush()``. A request's session is committed by
:func:`get_session` before the response is sent; a job or command uses
:meth:`Database.transaction`. Work that must only happen once the data is
durable (mail, pushes) is queued with :func:`after_commit` and started when
the commit succeeded.
"""

import logging
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from typing import Any

from fastapi import Request
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from app.background import BackgroundTasks

logger = logging.getLogger(__name__)

AfterCommit = Callable[[], Coroutine[Any, Any, None]]
_AFTER_COMMIT_KEY = "asyncdesk.after_commit"


def after_commit(session: AsyncSession, action: AfterCommit, *, name: str) -> None:
    """Run ``action`` in the background once ``session`` has committed."""
    session.info.setdefault(_AFTER_COMMIT_KEY, []).append((name, action))


class Database:
    def __init__(self, engine: AsyncEngine, background: BackgroundTasks) -> None:
        self.engine = engine
        self.background = background
        self.sessionmaker = async_sessionmaker(
            engine, expire_on_commit=False, autoflush=False
        )

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """A session committed on success and rolled back on any error."""
        async with self.sessionmaker() as session:
            try:
                yield session
                await session.commit()
            except BaseException:
                await session.rollback()
                raise
            self.run_after_commit(session)

    def run_after_commit(self, session: AsyncSession) -> None:
        actions: list[tuple[str, AfterCommit]] = session.info.pop(_AFTER_COMMIT_KEY, [])
        for name, action in actions:
            self.background.spawn(action(), name=name)

    async def ping(self) -> None:
        async with self.engine.connect() as connection:
            await connection.exec_driver_sql("SELECT 1")

    async def dispose(self) -> None:
        await self.engine.dispose()


def get_database(request: Request) -> Database:
    database: Database = request.app.state.database
    return database


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    """The request's unit of work.

    Declared with ``Depends(get_session, scope="function")`` so the commit
    happens before the response leaves: a failed commit becomes an error
    response instead of a 2xx the client already saw.
    """
    async with get_database(request).transaction() as session:
        yield session
