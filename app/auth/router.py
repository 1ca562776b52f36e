"""Sign-up, email verification and login."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, status
from fastapi.security import OAuth2PasswordRequestForm

from app.auth import service
from app.auth.deps import SettingsDep
from app.auth.errors import (
    EmailTaken,
    InvalidCredentials,
    InvalidName,
    NameTaken,
    ReservedName,
    TermsNotAccepted,
    TokenExpired,
    TokenInvalid,
    WeakPassword,
)
from app.auth.schemas import (
    AcceptedRead,
    InvitationRead,
    RegisterRead,
    RegisterRequest,
    ResendRequest,
    TokenRead,
    VerifyRead,
)
from app.auth.security import PasswordHasher
from app.db.deps import SessionDep
from app.db.session import Database, get_database
from app.errors import error_responses
from app.invitations.service import Invitation
from app.mail.sender import MailSender

router = APIRouter(prefix="/auth", tags=["auth"])


def get_hasher(request: Request) -> PasswordHasher:
    hasher: PasswordHasher = request.app.state.hasher
    return hasher


def get_mailer(request: Request) -> MailSender:
    mailer: MailSender = request.app.state.mailer
    return mailer


HasherDep = Annotated[PasswordHasher, Depends(get_hasher)]
MailerDep = Annotated[MailSender, Depends(get_mailer)]
DatabaseDep = Annotated[Database, Depends(get_database)]


def _invitation_read(invitation: Invitation) -> InvitationRead:
    return InvitationRead(
        status=invitation.status.value,
        reason=invitation.reason.value if invitation.reason else None,
        inviter_id=invitation.inviter_id,
    )


@router.post(
    "/register",
    status_code=status.HTTP_201_CREATED,
    response_model=RegisterRead,
    responses=error_responses(
        EmailTaken, NameTaken, TermsNotAccepted, WeakPassword, ReservedName, InvalidName
    ),
)
async def register(
    body: RegisterRequest,
    session: SessionDep,
    hasher: HasherDep,
    mailer: MailerDep,
    settings: SettingsDep,
) -> RegisterRead:
    registration = await service.register(session, hasher, mailer, settings, body)
    return RegisterRead(
        email=registration.email,
        verification_required=registration.verification_required,
        user_id=registration.user_id,
        invitation=_invitation_read(registration.invitation),
    )


@router.get(
    "/verify-email",
    response_model=VerifyRead,
    responses=error_responses(TokenInvalid, TokenExpired, EmailTaken, NameTaken),
)
async def verify_email(
    session: SessionDep, token: Annotated[str, Query(max_length=1024)] = ""
) -> VerifyRead:
    verification = await service.verify_email(session, token)
    return VerifyRead(
        user_id=verification.user.id,
        email=verification.user.email,
        invitation=_invitation_read(verification.invitation),
    )


@router.post(
    "/resend-verification",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=AcceptedRead,
)
async def resend_verification(
    body: ResendRequest, session: SessionDep, mailer: MailerDep, settings: SettingsDep
) -> AcceptedRead:
    await service.resend_verification(session, mailer, settings, body.email)
    return AcceptedRead()


@router.post(
    "/login", response_model=TokenRead, responses=error_responses(InvalidCredentials)
)
async def login(
    form: Annotated[OAuth2PasswordRequestForm, Depends()],
    database: DatabaseDep,
    settings: SettingsDep,
    hasher: HasherDep,
) -> TokenRead:
    token = await service.login(
        database, hasher, settings, email=form.username, password=form.password
    )
    return TokenRead(access_token=token.token)
