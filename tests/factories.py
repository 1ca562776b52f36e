"""Small async factories: ``create_x(app, **overrides)``."""

import itertools
import uuid
from datetime import timedelta
from decimal import Decimal
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import Select, func, select, update

from app.auth.accounts import add_user
from app.auth.models import PendingSignup, Role, User
from app.db.session import Database
from app.db.types import utcnow
from app.invitations import admin as invitation_admin
from app.invitations.models import InvitationCode
from app.invitations.schemas import InvitationCodeCreate
from app.rewards import service as rewards
from app.rewards.models import Coupon

DEFAULT_PASSWORD = "Correct-horse-7"
_sequence = itertools.count(1)


def unique_email(prefix: str = "user") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}@example.com"


def unique_name(prefix: str = "user") -> str:
    return f"{prefix}{next(_sequence)}{uuid.uuid4().hex[:6]}"


def database_of(app: FastAPI) -> Database:
    database: Database = app.state.database
    return database


async def scalar_int(app: FastAPI, statement: Select[Any]) -> int:
    """One number read in a short session of its own (a count, a sum)."""
    async with database_of(app).sessionmaker() as session:
        return int(await session.scalar(statement) or 0)


async def count_rows(app: FastAPI, model: type[Any], *conditions: Any) -> int:
    return await scalar_int(
        app, select(func.count()).select_from(model).where(*conditions)
    )


async def create_user(
    app: FastAPI,
    *,
    role: Role = Role.USER,
    email: str | None = None,
    name: str | None = None,
    password: str = DEFAULT_PASSWORD,
) -> User:
    """A verified account, written straight through the service layer."""
    password_hash = await app.state.hasher.hash(password)
    async with database_of(app).transaction() as session:
        return await add_user(
            session,
            email=email or unique_email(role.value),
            name=name or unique_name(role.value),
            password_hash=password_hash,
            role=role,
        )


async def login(
    client: httpx.AsyncClient, email: str, password: str = DEFAULT_PASSWORD
) -> dict[str, str]:
    """Bearer headers for the account."""
    response = await client.post(
        "/auth/login", data={"username": email, "password": password}
    )
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


async def create_user_and_login(
    app: FastAPI, client: httpx.AsyncClient, *, role: Role = Role.USER
) -> tuple[User, dict[str, str]]:
    user = await create_user(app, role=role)
    return user, await login(client, user.email)


async def create_coupon(app: FastAPI, **overrides: object) -> Coupon:
    values: dict[str, object] = {
        "name": "Welcome coupon",
        "description": "10 off the first order",
        "value": Decimal("10.00"),
    }
    values.update(overrides)
    async with database_of(app).transaction() as session:
        return await rewards.create_coupon(session, Coupon(**values))


async def create_code(app: FastAPI, **overrides: object) -> InvitationCode:
    values: dict[str, object] = {
        "code": f"WELCOME-{uuid.uuid4().hex[:8]}",
        "reward_type": "points",
        "points_reward": 100,
    }
    values.update(overrides)
    async with database_of(app).transaction() as session:
        return await invitation_admin.create(
            session, InvitationCodeCreate.model_validate(values)
        )


def registration(**overrides: object) -> dict[str, object]:
    """A valid ``POST /auth/register`` body."""
    body: dict[str, object] = {
        "email": unique_email(),
        "name": unique_name(),
        "password": DEFAULT_PASSWORD,
        "agreed_to_terms": True,
    }
    body.update(overrides)
    return body


async def expire_pending_sign_up(app: FastAPI, email: str) -> None:
    """Move the sign-up's link expiry into the past."""
    async with database_of(app).transaction() as session:
        await session.execute(
            update(PendingSignup)
            .where(PendingSignup.email == email)
            .values(expires_at=utcnow() - timedelta(seconds=1))
        )
