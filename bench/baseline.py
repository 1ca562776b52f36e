"""The two designs asyncdesk replaces, for the sign-up benchmark only.

*blocking*: a synchronous SQLAlchemy ``Session`` and the password hash called
straight inside ``async def`` handlers. *to_thread*: the same synchronous
functions, each awaited through ``asyncio.to_thread`` (the hash too).

Both write exactly the rows asyncdesk writes for a sign-up with a points
invitation code: the user, the code's use count, the points ledger row with
``balance_after``, and the invitation usage, in one transaction.
"""

import asyncio
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from argon2 import PasswordHasher, Type
from fastapi import FastAPI
from fastapi.responses import JSONResponse
from pydantic import BaseModel, EmailStr
from sqlalchemy import create_engine, event, insert, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from app.auth.accounts import name_key, normalize_email
from app.auth.models import User
from app.auth.rules import check_password, clean_name
from app.db.types import utcnow
from app.errors import DomainError
from app.invitations.models import InvitationCode, InvitationUsage
from app.rewards.models import PointsTransaction

Mode = Literal["blocking", "to_thread"]
T = TypeVar("T")


class RegisterBody(BaseModel):
    email: EmailStr
    name: str
    password: str
    agreed_to_terms: bool
    invitation_code: str | None = None


@dataclass(frozen=True)
class CodeRow:
    id: int
    code: str
    points: int


class Conflict(Exception):
    pass


def sync_engine(database_url: str) -> Engine:
    if database_url.startswith("sqlite"):
        engine = create_engine(database_url, connect_args={"timeout": 30})

        @event.listens_for(engine, "connect")
        def tune(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.execute("PRAGMA journal_mode=WAL")
            dbapi_connection.execute("PRAGMA busy_timeout=30000")

        return engine
    return create_engine(database_url, pool_size=10, max_overflow=20)


def look_up(engine: Engine, email: str, name: str, code_text: str) -> CodeRow | None:
    """Check the email and name are free; the usable code, if any."""
    with Session(engine) as session:
        if session.scalar(select(User.id).where(User.email == email)):
            raise Conflict("email_taken")
        if session.scalar(select(User.id).where(User.name_key == name_key(name))):
            raise Conflict("name_taken")
        code = session.scalar(
            select(InvitationCode).where(InvitationCode.code_key == code_text.lower())
        )
    if code is None or not code.is_active:
        return None
    return CodeRow(code.id, code.code, code.points_reward)


def create_user(
    engine: Engine, email: str, name: str, password_hash: str, code: CodeRow | None
) -> str:
    """User, use count, ledger row and usage in one transaction."""
    user_id = str(10_000_000 + secrets.randbelow(90_000_000))
    with Session(engine) as session, session.begin():
        session.execute(
            insert(User).values(
                id=user_id,
                email=email,
                name=name,
                name_key=name_key(name),
                password_hash=password_hash,
                role="user",
                is_verified=True,
                points_balance=0,
                created_at=utcnow(),
            )
        )
        if code is not None:
            _pay_code(session, user_id, code)
    return user_id


def _pay_code(session: Session, user_id: str, code: CodeRow) -> None:
    session.execute(
        update(InvitationCode)
        .where(InvitationCode.id == code.id)
        .values(used_count=InvitationCode.used_count + 1)
    )
    balance_after = session.scalar(
        update(User)
        .where(User.id == user_id)
        .values(points_balance=User.points_balance + code.points)
        .returning(User.points_balance)
    )
    now = utcnow()
    session.execute(
        insert(PointsTransaction).values(
            user_id=user_id,
            amount=code.points,
            balance_after=balance_after,
            source="invitation",
            description=f"Invitation code {code.code}",
            idempotency_key=f"invitation:{code.id}:{user_id}",
            created_at=now,
        )
    )
    session.execute(
        insert(InvitationUsage).values(
            invitation_code_id=code.id,
            user_id=user_id,
            points_awarded=code.points,
            created_at=now,
        )
    )


def create_baseline_app(
    mode: Mode, database_url: str, *, time_cost: int, memory_kib: int
) -> FastAPI:
    engine = sync_engine(database_url)
    hasher = PasswordHasher(
        time_cost=time_cost, memory_cost=memory_kib, parallelism=1, type=Type.ID
    )

    async def call(function: Callable[..., T], *args: Any) -> T:
        if mode == "to_thread":
            return await asyncio.to_thread(function, *args)
        return function(*args)

    app = FastAPI(title=f"baseline-{mode}")

    @app.get("/health")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.post("/auth/register", status_code=201, response_model=None)
    async def register(body: RegisterBody) -> dict[str, Any] | JSONResponse:
        email = normalize_email(body.email)
        try:
            name = clean_name(body.name)
            check_password(body.password, email=email, name=name)
        except DomainError as error:
            return JSONResponse({"detail": str(error)}, status_code=422)
        try:
            code = await call(look_up, engine, email, name, body.invitation_code or "")
        except Conflict as conflict:
            return JSONResponse({"detail": str(conflict)}, status_code=409)

        password_hash = await call(hasher.hash, body.password)
        user_id = await call(create_user, engine, email, name, password_hash, code)
        return {"email": email, "verification_required": False, "user_id": user_id}

    return app
