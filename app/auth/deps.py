"""Who is calling: bearer-token authentication and role checks."""

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import OAuth2PasswordBearer
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth.models import Role, User
from app.auth.security import read_access_token
from app.config import Settings
from app.db.deps import SessionDep
from app.errors import Forbidden, Unauthorized

oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/auth/login", auto_error=False)


def get_settings_dep(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]


async def user_for_token(
    session: AsyncSession, token: str | None, settings: Settings
) -> User | None:
    if not token:
        return None

    user_id = read_access_token(token, secret=settings.secret_key.get_secret_value())
    if user_id is None:
        return None
    return await session.get(User, user_id)


async def get_current_user(
    session: SessionDep,
    settings: SettingsDep,
    token: Annotated[str | None, Depends(oauth2_scheme)],
) -> User:
    user = await user_for_token(session, token, settings)
    if user is None:
        raise Unauthorized("The access token is missing, invalid or expired.")
    return user


CurrentUser = Annotated[User, Depends(get_current_user)]


def require_role(*roles: Role) -> Callable[[User], Awaitable[User]]:
    allowed = {role.value for role in roles}

    async def check(user: CurrentUser) -> User:
        if user.role not in allowed:
            raise Forbidden(f"This needs the role {' or '.join(sorted(allowed))}.")
        return user

    return check


AdminUser = Annotated[User, Depends(require_role(Role.ADMIN))]
AgentUser = Annotated[User, Depends(require_role(Role.AGENT))]
