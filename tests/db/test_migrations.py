"""Migrations are the only way the schema changes; they must match the models."""

import asyncio
from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.engine import Connection

from app.db.engine import create_engine
from app.db.migrate import downgrade, upgrade
from app.models import Base


def _run(url: str, action: Any) -> Any:
    async def go() -> Any:
        engine = create_engine(url)
        try:
            async with engine.connect() as connection:
                return await connection.run_sync(action)
        finally:
            await engine.dispose()

    return asyncio.run(go())


def _diff(connection: Connection) -> list[Any]:
    context = MigrationContext.configure(
        connection, opts={"compare_type": True, "render_as_batch": True}
    )
    return list(compare_metadata(context, Base.metadata))


def _tables(connection: Connection) -> set[str]:
    return set(inspect(connection).get_table_names()) - {"alembic_version"}


def test_models_and_migrations_agree(empty_database_url: str) -> None:
    upgrade(empty_database_url)

    assert _run(empty_database_url, _diff) == []


def test_upgrade_downgrade_upgrade(empty_database_url: str) -> None:
    upgrade(empty_database_url)
    assert _run(empty_database_url, _tables) == set(Base.metadata.tables)

    downgrade(empty_database_url, "base")
    assert _run(empty_database_url, _tables) == set()

    upgrade(empty_database_url)
    assert _run(empty_database_url, _diff) == []
