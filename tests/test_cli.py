"""The ``asyncdesk`` command, run as a real process."""

import pytest
from sqlalchemy import select

from app.auth.models import User
from app.background import BackgroundTasks
from app.db.engine import create_engine
from app.db.session import Database
from tests.cli import run_asyncdesk


async def run_cli(database_url: str, *args: str) -> tuple[int, str]:
    completed = await run_asyncdesk(database_url, *args)
    return completed.status, completed.stdout + completed.stderr


async def test_migrate_then_create_user(empty_database_url: str) -> None:
    migrated, _ = await run_cli(empty_database_url, "migrate")
    created = await run_asyncdesk(
        empty_database_url,
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
    assert created.status == 0, created.stderr
    user_id = created.stdout.strip()
    database = Database(create_engine(empty_database_url), BackgroundTasks())
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
    empty_database_url: str,
) -> None:
    await run_cli(empty_database_url, "migrate")
    arguments = ["--name", "Op", "--password", "Str0ng-enough", "--role", "agent"]
    await run_cli(empty_database_url, "create-user", "--email", "a@b.co", *arguments)

    status, output = await run_cli(
        empty_database_url,
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
    empty_database_url: str, email: str, name: str, password: str, code: str
) -> None:
    await run_cli(empty_database_url, "migrate")

    status, output = await run_cli(
        empty_database_url,
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
