"""Sign-up, email verification and login."""

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.security import OAuth2PasswordRequestForm

from app.auth import service
from app.auth.deps import SettingsDep
from app.auth.errors import InvalidCredentials
from app.auth.schemas import TokenRead
from app.auth.security import PasswordHasher
from app.db.deps import SessionDep
from app.errors import error_responses

router = APIRouter(prefix="/auth", tags=["auth"])


def get_hasher(request: Request) -> PasswordHasher:
    hasher: PasswordHasher = request.app.state.hasher
    return hasher


HasherDep = Annotated[PasswordHasher, Depends(get_hasher)]


@router.post(
    "/login", response_model=TokenRead, responses=error_responses(InvalidCredentials)
)
async def login(
    form: Annotated[OAuth2PasswordRequestForm, Depends()],
    session: SessionDep,
    settings: SettingsDep,
    hasher: HasherDep,
) -> TokenRead:
    token = await service.login(
        session, hasher, settings, email=form.username, password=form.password
    )
    return TokenRead(access_token=token.token)
