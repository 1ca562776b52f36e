"""Sign-up, email verification and login."""

import logging

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth.accounts import normalize_email
from app.auth.errors import InvalidCredentials
from app.auth.models import User
from app.auth.security import AccessToken, PasswordHasher, create_access_token
from app.config import Settings

logger = logging.getLogger(__name__)

PASSWORD_MAX_LENGTH = 128


async def login(
    session: AsyncSession,
    hasher: PasswordHasher,
    settings: Settings,
    *,
    email: str,
    password: str,
) -> AccessToken:
    user = await session.scalar(
        select(User).where(User.email == normalize_email(email))
    )
    password_ok = await hasher.verify(
        user.password_hash if user else None, password[: PASSWORD_MAX_LENGTH * 4]
    )

    if user is None or not password_ok:
        raise InvalidCredentials()

    logger.info("login", extra={"user_id": user.id})
    return create_access_token(
        user.id,
        secret=settings.secret_key.get_secret_value(),
        ttl_minutes=settings.access_token_ttl_minutes,
    )
