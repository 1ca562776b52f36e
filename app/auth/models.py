"""Accounts and pending sign-ups."""

import enum
from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Integer,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base
from app.db.types import UtcDateTime, utcnow

USER_ID_LENGTH = 8
EMAIL_MAX_LENGTH = 254
NAME_MAX_LENGTH = 32


class Role(enum.StrEnum):
    USER = "user"
    AGENT = "agent"
    ADMIN = "admin"


class User(Base):
    __tablename__ = "user_account"
    __table_args__ = (
        CheckConstraint("role IN ('user', 'agent', 'admin')", name="role"),
        CheckConstraint("points_balance >= 0", name="points_balance"),
    )

    id: Mapped[str] = mapped_column(String(USER_ID_LENGTH), primary_key=True)
    email: Mapped[str] = mapped_column(String(EMAIL_MAX_LENGTH), unique=True)
    name: Mapped[str] = mapped_column(String(NAME_MAX_LENGTH))
    name_key: Mapped[str] = mapped_column(String(NAME_MAX_LENGTH * 4), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16), default=Role.USER.value)
    is_verified: Mapped[bool] = mapped_column(Boolean, default=False)
    inviter_id: Mapped[str | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    points_balance: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class PendingSignup(Base):
    """A sign-up waiting for its email to be verified."""

    __tablename__ = "pending_signup"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(EMAIL_MAX_LENGTH), unique=True)
    name: Mapped[str] = mapped_column(String(NAME_MAX_LENGTH))
    name_key: Mapped[str] = mapped_column(String(NAME_MAX_LENGTH * 4), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    inviter_id: Mapped[str | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    invitation_code_id: Mapped[int | None] = mapped_column(
        ForeignKey("invitation_code.id", ondelete="SET NULL")
    )
    # Why the invitation given at sign-up was refused, so verification can
    # report it instead of "none".
    invitation_rejection: Mapped[str | None] = mapped_column(String(32))
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
