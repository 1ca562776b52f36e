"""The request's transaction is committed before its response leaves."""

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlalchemy.orm import Session

from app.auth.models import User
from app.config import Settings
from app.main import create_app
from tests.factories import database_of, registration
from tests.live import serve

ROUNDS = 200


@pytest.mark.parametrize("settings_overrides", [{"email_verification": False}])
async def test_register_then_read_always_finds_the_row(settings: Settings) -> None:
    app = create_app(settings)

    async with serve(app) as base_url, httpx.AsyncClient(base_url=base_url) as http:
        database = database_of(app)
        for _ in range(ROUNDS):
            response = await http.post("/auth/register", json=registration())
            assert response.status_code == 201

            async with database.sessionmaker() as session:
                found = await session.get(User, response.json()["user_id"])
            assert found is not None


class FailingCommitSession(Session):
    def commit(self) -> None:
        raise RuntimeError("the database refused the commit")


@pytest.mark.allows_server_errors
@pytest.mark.parametrize("settings_overrides", [{"email_verification": False}])
async def test_a_failed_commit_never_answers_2xx(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    database = database_of(app)
    working_sessions = database.sessionmaker
    database.sessionmaker = async_sessionmaker(
        database.engine,
        expire_on_commit=False,
        sync_session_class=FailingCommitSession,
    )

    response = await client.post("/auth/register", json=registration())

    database.sessionmaker = working_sessions
    async with database.transaction() as session:
        users = await session.scalar(select(func.count()).select_from(User))
    assert response.status_code == 500
    assert users == 0
