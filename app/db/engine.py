"""The async engine, tuned per database."""

import logging
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

logger = logging.getLogger(__name__)


def create_engine(
    url: str,
    *,
    pool_size: int = 10,
    max_overflow: int = 20,
    sqlite_busy_timeout_ms: int = 10_000,
    echo: bool = False,
) -> AsyncEngine:
    """Build the engine for ``url``.

    On SQLite every transaction starts with ``BEGIN IMMEDIATE``: writers are
    serialized by the database itself (so a read that decides a write cannot
    be raced), while WAL keeps readers outside transactions unblocked.
    """
    parsed = make_url(url)
    options: dict[str, Any] = {"echo": echo, "pool_pre_ping": True}

    if parsed.get_backend_name() == "sqlite":
        options["connect_args"] = {"timeout": sqlite_busy_timeout_ms / 1000}
        engine = create_async_engine(url, **options)
        _tune_sqlite(engine, sqlite_busy_timeout_ms)
        return engine

    options["pool_size"] = pool_size
    options["max_overflow"] = max_overflow
    return create_async_engine(url, **options)


def _tune_sqlite(engine: AsyncEngine, busy_timeout_ms: int) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take transaction control away from the driver so that BEGIN below
        # is the only one issued.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def is_sqlite(engine: AsyncEngine) -> bool:
    return engine.dialect.name == "sqlite"
