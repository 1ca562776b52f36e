"""A throw-away database for one benchmark, built by the project's migrations."""

import shutil
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg
from sqlalchemy.engine import make_url

from app.db.migrate import upgrade

DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/postgres"


@dataclass(frozen=True)
class BenchDatabase:
    dialect: str
    async_url: str
    sync_url: str


def _admin_dsn(server_url: str) -> str:
    url = make_url(server_url).set(drivername="postgresql", database="postgres")
    return url.render_as_string(hide_password=False)


def _with_driver(server_url: str, driver: str, name: str) -> str:
    url = make_url(server_url).set(drivername=driver, database=name)
    return url.render_as_string(hide_password=False)


@contextmanager
def postgres_database(server_url: str) -> Iterator[BenchDatabase]:
    name = f"asyncdesk_bench_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(_admin_dsn(server_url), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    database = BenchDatabase(
        "postgresql",
        _with_driver(server_url, "postgresql+asyncpg", name),
        _with_driver(server_url, "postgresql+psycopg", name),
    )
    try:
        upgrade(database.async_url)
        yield database
    finally:
        with psycopg.connect(_admin_dsn(server_url), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def sqlite_database() -> Iterator[BenchDatabase]:
    workdir = Path(tempfile.mkdtemp(prefix="asyncdesk-bench-"))
    path = workdir / "bench.db"
    database = BenchDatabase(
        "sqlite", f"sqlite+aiosqlite:///{path}", f"sqlite:///{path}"
    )
    try:
        upgrade(database.async_url)
        yield database
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


@contextmanager
def bench_database(server_url: str | None) -> Iterator[BenchDatabase]:
    """PostgreSQL when ``server_url`` names a server, else a SQLite file."""
    if server_url is None:
        with sqlite_database() as database:
            yield database
    else:
        with postgres_database(server_url) as database:
            yield database
