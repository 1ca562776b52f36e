"""Sign-up, email verification and login.

Passwords are hashed before the first statement of the transaction, so no
lock or pooled connection is held while the hash runs.
"""

import hashlib
import logging
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import and_, delete, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth.accounts import add_user, name_key, normalize_email
from app.auth.errors import (
    EmailTaken,
    InvalidCredentials,
    NameTaken,
    TermsNotAccepted,
    TokenExpired,
    TokenInvalid,
)
from app.auth.mails import verification_mail
from app.auth.models import PendingSignup, User
from app.auth.rules import PASSWORD_MAX_LENGTH, check_password, clean_name
from app.auth.schemas import RegisterRequest
from app.auth.security import AccessToken, PasswordHasher, create_access_token
from app.config import Settings
from app.db.session import Database, after_commit
from app.db.types import utcnow
from app.invitations import service as invitations
from app.invitations.service import (
    NO_INVITATION,
    Invitation,
    InvitationStatus,
    RejectionReason,
)
from app.logging import mask_email
from app.mail.sender import Mail, MailSender

logger = logging.getLogger(__name__)

TOKEN_BYTES = 32
TOKEN_MAX_LENGTH = 256


@dataclass(frozen=True)
class Registration:
    email: str
    verification_required: bool
    user_id: str | None
    invitation: Invitation


@dataclass(frozen=True)
class Verification:
    user: User
    invitation: Invitation


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def register(
    session: AsyncSession,
    hasher: PasswordHasher,
    mailer: MailSender,
    settings: Settings,
    request: RegisterRequest,
) -> Registration:
    email = normalize_email(request.email)
    if not request.agreed_to_terms:
        raise TermsNotAccepted()
    name = clean_name(request.name)
    check_password(request.password, email=email, name=name)

    password_hash = await hasher.hash(request.password)

    now = utcnow()
    await ensure_available(session, email, name)
    invitation = await invitations.resolve(session, request.invitation_code, now)

    if not settings.email_verification:
        user = await _create_user(session, email, name, password_hash)
        outcome = await invitations.apply(session, invitation, user, now)
        logger.info(
            "registered",
            extra={"user_id": user.id, "invitation": outcome.status.value},
        )
        return Registration(email, False, user.id, outcome)

    token = secrets.token_urlsafe(TOKEN_BYTES)
    await _save_pending(
        session, settings, email, name, password_hash, invitation, token
    )
    _mail_after_commit(
        session,
        mailer,
        verification_mail(settings, email=email, name=name, token=token),
    )
    pending_invitation = _as_pending(invitation)
    logger.info(
        "sign-up pending",
        extra={
            "email": mask_email(email),
            "invitation": pending_invitation.status.value,
        },
    )
    return Registration(email, True, None, pending_invitation)


def _as_pending(invitation: Invitation) -> Invitation:
    return invitation.deferred() if invitation.is_valid else invitation


async def ensure_available(session: AsyncSession, email: str, name: str) -> None:
    """Raise unless the email and the name are free.

    A pending sign-up holds its name until it expires; an expired one gives
    the name up to whoever asks for it next.
    """
    await _ensure_no_account(session, email, name)

    key = name_key(name)
    others = and_(PendingSignup.name_key == key, PendingSignup.email != email)
    await session.execute(
        delete(PendingSignup)
        .where(others, PendingSignup.expires_at <= utcnow())
        .execution_options(synchronize_session=False)
    )
    if await session.scalar(select(PendingSignup.id).where(others)):
        raise NameTaken()


async def _ensure_no_account(session: AsyncSession, email: str, name: str) -> None:
    if await session.scalar(select(User.id).where(User.email == email)):
        raise EmailTaken()
    if await session.scalar(select(User.id).where(User.name_key == name_key(name))):
        raise NameTaken()


async def _create_user(
    session: AsyncSession, email: str, name: str, password_hash: str
) -> User:
    try:
        return await add_user(
            session, email=email, name=name, password_hash=password_hash
        )
    except IntegrityError as error:
        raise _conflict(error) from error


def _conflict(error: IntegrityError) -> EmailTaken | NameTaken:
    """Map a unique violation lost to a concurrent sign-up to its 409."""
    detail = str(error.orig)
    if "name_key" in detail:
        return NameTaken()
    return EmailTaken()


async def _save_pending(
    session: AsyncSession,
    settings: Settings,
    email: str,
    name: str,
    password_hash: str,
    invitation: Invitation,
    token: str,
) -> None:
    """Insert the pending sign-up, or replace the one for the same email."""
    values = {
        "email": email,
        "name": name,
        "name_key": name_key(name),
        "password_hash": password_hash,
        "token_hash": hash_token(token),
        "inviter_id": invitation.inviter_id,
        "invitation_code_id": invitation.code_id,
        "invitation_rejection": invitation.reason.value if invitation.reason else None,
        "expires_at": utcnow() + timedelta(hours=settings.verification_ttl_hours),
        "created_at": utcnow(),
    }
    insert = (
        postgresql_insert
        if session.get_bind().dialect.name == "postgresql"
        else sqlite_insert
    )
    statement = insert(PendingSignup).values(values)
    statement = statement.on_conflict_do_update(
        index_elements=[PendingSignup.email],
        set_={key: statement.excluded[key] for key in values if key != "email"},
    )
    try:
        await session.execute(statement)
    except IntegrityError as error:
        raise _conflict(error) from error


def _mail_after_commit(session: AsyncSession, mailer: MailSender, mail: Mail) -> None:
    async def send() -> None:
        try:
            await mailer.send(mail)
        except Exception:
            # The pending sign-up is committed; the user can ask for a resend.
            logger.exception(
                "verification mail failed", extra={"to": mask_email(mail.to)}
            )

    after_commit(session, send, name="verification-mail")


async def verify_email(session: AsyncSession, token: str) -> Verification:
    if not token or len(token) > TOKEN_MAX_LENGTH:
        raise TokenInvalid()

    token_hash = hash_token(token)
    pending = await session.scalar(
        select(PendingSignup).where(PendingSignup.token_hash == token_hash)
    )
    if pending is None:
        raise TokenInvalid()
    now = utcnow()
    if pending.expires_at < now:
        raise TokenExpired()

    claimed = await session.scalar(
        delete(PendingSignup)
        .where(PendingSignup.id == pending.id, PendingSignup.token_hash == token_hash)
        .returning(PendingSignup.id)
        .execution_options(synchronize_session=False)
    )
    if claimed is None:
        raise TokenInvalid()

    await _ensure_no_account(session, pending.email, pending.name)
    user = await _create_user(
        session, pending.email, pending.name, pending.password_hash
    )
    user.is_verified = True
    outcome = await invitations.apply(session, _kept_invitation(pending), user, now)
    logger.info(
        "email verified", extra={"user_id": user.id, "invitation": outcome.status.value}
    )
    return Verification(user, outcome)


def _kept_invitation(pending: PendingSignup) -> Invitation:
    if pending.invitation_rejection is not None:
        return Invitation(
            InvitationStatus.REJECTED,
            reason=RejectionReason(pending.invitation_rejection),
        )
    if pending.inviter_id is None and pending.invitation_code_id is None:
        return NO_INVITATION
    return Invitation(
        InvitationStatus.APPLIED,
        inviter_id=pending.inviter_id,
        code_id=pending.invitation_code_id,
    )


async def resend_verification(
    session: AsyncSession, mailer: MailSender, settings: Settings, email: str
) -> None:
    """Send a fresh link if a sign-up is pending; say nothing either way."""
    normalized = normalize_email(email)
    pending = await session.scalar(
        select(PendingSignup).where(PendingSignup.email == normalized)
    )
    if pending is None:
        logger.info("resend for no pending sign-up", extra={"email": mask_email(email)})
        return

    token = secrets.token_urlsafe(TOKEN_BYTES)
    pending.token_hash = hash_token(token)
    pending.expires_at = utcnow() + timedelta(hours=settings.verification_ttl_hours)
    await session.flush()
    _mail_after_commit(
        session,
        mailer,
        verification_mail(
            settings, email=pending.email, name=pending.name, token=token
        ),
    )
    logger.info("verification link renewed", extra={"pending_id": pending.id})


async def login(
    database: Database,
    hasher: PasswordHasher,
    settings: Settings,
    *,
    email: str,
    password: str,
) -> AccessToken:
    """Check the credentials; the hash runs after the read transaction ended."""
    user = await _find_login_user(database, email)
    password_ok = await hasher.verify(
        user.password_hash if user else None, password[: PASSWORD_MAX_LENGTH * 8]
    )

    if user is None or not password_ok:
        raise InvalidCredentials()

    logger.info("login", extra={"user_id": user.id})
    return create_access_token(
        user.id,
        secret=settings.secret_key.get_secret_value(),
        ttl_minutes=settings.access_token_ttl_minutes,
    )


async def _find_login_user(database: Database, email: str) -> User | None:
    normalized = normalize_email(email)
    if not normalized.isprintable() or len(normalized) > 254:
        return None

    async with database.transaction() as session:
        user: User | None = await session.scalar(
            select(User).where(User.email == normalized)
        )
        return user
