"""The ``asyncdesk`` command, run as a real process."""

import asyncio
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from app.auth.models import User
from app.background import BackgroundTasks
from app.db.engine import create_engine
from app.db.session import Database
from tests.databases import TestDatabases

ASYNCDESK = str(Path(sys.executable).parent / "asyncdesk")


@pytest.fixture
def empty_database(databases: TestDatabases) -> Iterator[str]:
    url = databases.create_empty()
    try:
        yield url
    finally:
        databases.drop_sync(url)


async def run_cli(database_url: str, *args: str) -> tuple[int, str]:
    env = {**os.environ, "ASYNCDESK_DATABASE_URL": database_url}
    process = await asyncio.create_subprocess_exec(
        ASYNCDESK,
        *args,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    output, _ = await process.communicate()
    return process.returncode or 0, output.decode()


async def test_migrate_then_create_user(empty_database: str) -> None:
    migrated, _ = await run_cli(empty_database, "migrate")
    created, output = await run_cli(
        empty_database,
        "create-user",
        "--email",
        "Ops@Example.com",
        "--name",
        "Operator One",
        "--password",
        "Str0ng-enough",
        "--role",
        "admin",
    )

    assert migrated == 0
    assert created == 0, output
    user_id = output.strip().splitlines()[-1]
    database = Database(create_engine(empty_database), BackgroundTasks())
    try:
        async with database.transaction() as session:
            user = await session.scalar(select(User).where(User.id == user_id))
    finally:
        await database.dispose()
    assert user is not None
    assert (user.email, user.role, user.is_verified) == (
        "ops@example.com",
        "admin",
        True,
    )


async def test_create_user_with_a_taken_email_fails_cleanly(
    empty_database: str,
) -> None:
    await run_cli(empty_database, "migrate")
    arguments = ["--name", "Op", "--password", "Str0ng-enough", "--role", "agent"]
    await run_cli(empty_database, "create-user", "--email", "a@b.co", *arguments)

    status, output = await run_cli(
        empty_database,
        "create-user",
        "--email",
        "A@b.co",
        *arguments[:1],
        "Op2",
        *arguments[2:],
    )

    assert status != 0
    assert "email_taken" in output
    assert "Traceback" not in output


@pytest.mark.parametrize(
    ("email", "name", "password", "code"),
    [
        ("not-an-email", "Op", "Str0ng-enough", "invalid_email"),
        ("ok@example.com", "  x ", "Str0ng-enough", "invalid_name"),
        ("ok@example.com", "Op", "short", "weak_password"),
    ],
)
async def test_create_user_applies_the_sign_up_rules(
    empty_database: str, email: str, name: str, password: str, code: str
) -> None:
    await run_cli(empty_database, "migrate")

    status, output = await run_cli(
        empty_database,
        "create-user",
        "--email",
        email,
        "--name",
        name,
        "--password",
        password,
    )

    assert status == 1
    assert code in output
