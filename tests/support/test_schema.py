"""The support tables built by the migrations match the models."""

from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.engine import Connection

from app.db.engine import create_engine
from app.models import Base

SUPPORT_TABLES = {
    "agent_profile",
    "notification",
    "support_chat",
    "support_chat_message",
    "support_queue_entry",
}


def _differences(connection: Connection) -> list[Any]:
    context = MigrationContext.configure(
        connection, opts={"compare_type": True, "render_as_batch": True}
    )
    return list(compare_metadata(context, Base.metadata))


async def test_support_models_match_the_migrations(database_url: str) -> None:
    engine = create_engine(database_url)
    try:
        async with engine.connect() as connection:
            differences = await connection.run_sync(_differences)
    finally:
        await engine.dispose()

    ours = [d for d in differences if any(t in repr(d) for t in SUPPORT_TABLES)]
    assert ours == []
