"""Throw-away databases for tests: one migrated template, one copy per test.

SQLite copies the template file; PostgreSQL clones the template database with
``CREATE DATABASE ... TEMPLATE``. Every test gets a database nobody else
touches, built by the real migrations.
"""

import asyncio
import os
import shutil
import uuid
from pathlib import Path

import asyncpg
from sqlalchemy.engine import URL, make_url

from app.db.migrate import upgrade

TEST_DATABASE_URL_ENV = "ASYNCDESK_TEST_DATABASE_URL"


def postgres_admin_url() -> URL | None:
    raw = os.environ.get(TEST_DATABASE_URL_ENV)
    if not raw:
        return None
    url = make_url(raw)
    if not url.get_backend_name().startswith("postgresql"):
        raise RuntimeError(f"{TEST_DATABASE_URL_ENV} must name a PostgreSQL server")
    return url.set(drivername="postgresql+asyncpg")


def _asyncpg_dsn(url: URL) -> str:
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


async def _admin_execute(admin_url: URL, *statements: str) -> None:
    connection = await asyncpg.connect(_asyncpg_dsn(admin_url))
    try:
        for statement in statements:
            await connection.execute(statement)
    finally:
        await connection.close()


class SqliteDatabases:
    dialect = "sqlite"

    def __init__(self, workdir: Path) -> None:
        self._workdir = workdir
        self._template = workdir / "template.db"

    def url_for(self, path: Path) -> str:
        return f"sqlite+aiosqlite:///{path}"

    def create_template(self) -> None:
        upgrade(self.url_for(self._template))

    def drop_template(self) -> None:
        self._template.unlink(missing_ok=True)

    def create_empty(self) -> str:
        return self.url_for(self._workdir / f"empty-{uuid.uuid4().hex}.db")

    async def create(self) -> str:
        target = self._workdir / f"test-{uuid.uuid4().hex}.db"
        await asyncio.to_thread(shutil.copyfile, self._template, target)
        return self.url_for(target)

    async def drop(self, url: str) -> None:
        self.drop_sync(url)

    def drop_sync(self, url: str) -> None:
        database = make_url(url).database
        assert database is not None
        for suffix in ("", "-wal", "-shm"):
            Path(database + suffix).unlink(missing_ok=True)


class PostgresDatabases:
    dialect = "postgresql"

    def __init__(self, admin_url: URL) -> None:
        self._admin_url = admin_url
        self._template = f"asyncdesk_tpl_{uuid.uuid4().hex[:12]}"

    def url_for(self, name: str) -> str:
        return self._admin_url.set(database=name).render_as_string(hide_password=False)

    def create_template(self) -> None:
        asyncio.run(
            _admin_execute(self._admin_url, f'CREATE DATABASE "{self._template}"')
        )
        upgrade(self.url_for(self._template))

    def drop_template(self) -> None:
        asyncio.run(
            _admin_execute(
                self._admin_url,
                f'DROP DATABASE IF EXISTS "{self._template}" WITH (FORCE)',
            )
        )

    def create_empty(self) -> str:
        name = f"asyncdesk_t_{uuid.uuid4().hex[:16]}"
        asyncio.run(_admin_execute(self._admin_url, f'CREATE DATABASE "{name}"'))
        return self.url_for(name)

    async def create(self) -> str:
        name = f"asyncdesk_t_{uuid.uuid4().hex[:16]}"
        await _admin_execute(
            self._admin_url,
            f'CREATE DATABASE "{name}" TEMPLATE "{self._template}"',
        )
        return self.url_for(name)

    async def drop(self, url: str) -> None:
        name = make_url(url).database
        await _admin_execute(
            self._admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'
        )

    def drop_sync(self, url: str) -> None:
        asyncio.run(self.drop(url))


TestDatabases = SqliteDatabases | PostgresDatabases
