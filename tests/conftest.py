"""Fixtures shared by the whole suite.

Every test gets its own database (cloned from a template the migrations
built), its own application with its own engine on the test's own event loop,
and its own SMTP server.
"""

import os
import tempfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from app.config import Settings
from app.main import create_app
from tests.databases import (
    PostgresDatabases,
    SqliteDatabases,
    TestDatabases,
    postgres_admin_url,
)
from tests.mailbox import Mailbox

pytest_plugins = ["tests.blocking_guard"]

TEST_SECRET = "test-secret-key-that-is-long-enough-for-hs256"


@pytest.fixture(scope="session")
def databases() -> Iterator[TestDatabases]:
    admin_url = postgres_admin_url()
    with tempfile.TemporaryDirectory(prefix="asyncdesk-test-") as workdir:
        factory: TestDatabases
        if admin_url is None:
            factory = SqliteDatabases(Path(workdir))
        else:
            factory = PostgresDatabases(admin_url)
        factory.create_template()
        try:
            yield factory
        finally:
            factory.drop_template()


@pytest.fixture
def dialect(databases: TestDatabases) -> str:
    return databases.dialect


@pytest.fixture
async def database_url(databases: TestDatabases) -> AsyncIterator[str]:
    url = await databases.create()
    try:
        yield url
    finally:
        await databases.drop(url)


@pytest.fixture
def empty_database_url(databases: TestDatabases) -> Iterator[str]:
    """A database with no tables at all, for migrations and servers to build."""
    url = databases.create_empty()
    try:
        yield url
    finally:
        databases.drop_sync(url)


@pytest.fixture
def mailbox() -> Iterator[Mailbox]:
    box = Mailbox()
    box.start()
    try:
        yield box
    finally:
        box.stop()


def make_settings(database_url: str, mailbox: Mailbox, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "database_url": database_url,
        "secret_key": TEST_SECRET,
        "scheduler_enabled": False,
        "email_verification": True,
        "mail_backend": "smtp",
        "smtp_host": "127.0.0.1",
        "smtp_port": mailbox.port,
        "public_base_url": "http://testserver",
        "password_hash_time_cost": 1,
        "password_hash_memory_kib": 1024,
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[arg-type]


@pytest.fixture
def settings_overrides() -> dict[str, object]:
    """Override in a module or test to change the app's settings."""
    return {}


@pytest.fixture
def settings(
    database_url: str, mailbox: Mailbox, settings_overrides: dict[str, object]
) -> Settings:
    return make_settings(database_url, mailbox, **settings_overrides)


@pytest.fixture
async def app(settings: Settings) -> AsyncIterator[FastAPI]:
    application = create_app(settings)
    async with application.router.lifespan_context(application):
        yield application


@pytest.fixture
async def client(
    app: FastAPI, request: pytest.FixtureRequest
) -> AsyncIterator[httpx.AsyncClient]:
    """An in-process client; any 5xx answer fails the test that got it."""
    server_errors: list[str] = []

    async def record_server_error(response: httpx.Response) -> None:
        if response.status_code >= 500:
            server_errors.append(f"{response.request.method} {response.url.path}")

    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(
        transport=transport,
        base_url="http://testserver",
        event_hooks={"response": [record_server_error]},
    ) as http:
        yield http

    if request.node.get_closest_marker("allows_server_errors") is None:
        assert not server_errors, f"server errors: {server_errors}"


def pytest_report_header() -> str:
    url = postgres_admin_url()
    target = "PostgreSQL" if url else "SQLite"
    return f"asyncdesk test database: {target} ({os.environ.get('CI', 'local')})"
