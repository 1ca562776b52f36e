"""Invitation codes and their usages."""

import enum
from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base
from app.db.types import UtcDateTime, utcnow

CODE_MAX_LENGTH = 64


class RewardType(enum.StrEnum):
    POINTS = "points"
    COUPON = "coupon"
    BOTH = "both"


class InvitationCode(Base):
    __tablename__ = "invitation_code"
    __table_args__ = (
        CheckConstraint(
            "reward_type IN ('points', 'coupon', 'both')", name="reward_type"
        ),
        CheckConstraint("points_reward >= 0", name="points_reward"),
        CheckConstraint("max_uses IS NULL OR max_uses >= 0", name="max_uses"),
        CheckConstraint("used_count >= 0", name="used_count"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(CODE_MAX_LENGTH))
    code_key: Mapped[str] = mapped_column(String(CODE_MAX_LENGTH), unique=True)
    reward_type: Mapped[str] = mapped_column(String(16))
    points_reward: Mapped[int] = mapped_column(Integer, default=0)
    coupon_id: Mapped[int | None] = mapped_column(
        ForeignKey("coupon.id", ondelete="RESTRICT")
    )
    max_uses: Mapped[int | None] = mapped_column(Integer)
    used_count: Mapped[int] = mapped_column(Integer, default=0)
    valid_from: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    valid_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class InvitationUsage(Base):
    """One paid use of a code; a user is paid at most once per code."""

    __tablename__ = "invitation_usage"
    __table_args__ = (UniqueConstraint("invitation_code_id", "user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    invitation_code_id: Mapped[int] = mapped_column(
        ForeignKey("invitation_code.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[str] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    points_awarded: Mapped[int] = mapped_column(Integer, default=0)
    user_coupon_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_coupon.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
