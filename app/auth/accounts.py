"""Creating accounts: user IDs, normalised emails and names."""

import logging
import secrets
import unicodedata

from sqlalchemy import exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth.models import Role, User

logger = logging.getLogger(__name__)

USER_ID_MIN = 10_000_000
USER_ID_SPAN = 90_000_000


def normalize_email(email: str) -> str:
    return email.strip().lower()


def name_key(name: str) -> str:
    """What makes two display names the same name."""
    return unicodedata.normalize("NFKC", name).casefold()


async def new_user_id(session: AsyncSession) -> str:
    """A random 8-digit ID that is not taken, never starting with 0."""
    while True:
        candidate = str(USER_ID_MIN + secrets.randbelow(USER_ID_SPAN))
        taken = await session.scalar(select(exists().where(User.id == candidate)))
        if not taken:
            return candidate


async def add_user(
    session: AsyncSession,
    *,
    email: str,
    name: str,
    password_hash: str,
    role: Role = Role.USER,
    is_verified: bool = True,
    inviter_id: str | None = None,
) -> User:
    user = User(
        id=await new_user_id(session),
        email=normalize_email(email),
        name=name,
        name_key=name_key(name),
        password_hash=password_hash,
        role=role.value,
        is_verified=is_verified,
        inviter_id=inviter_id,
        points_balance=0,
    )
    session.add(user)
    await session.flush()
    logger.info("user created", extra={"user_id": user.id, "role": user.role})
    return user
