"""Resolving invitation input and paying invitation rewards.

The use count of a code is taken with one conditional ``UPDATE``: the row
lock (PostgreSQL) or the single writer (SQLite) makes "still below max_uses"
and "count this use" one step, so no amount of concurrency pays a code more
often than ``max_uses``.
"""

import enum
import logging
import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth.models import User
from app.invitations.models import InvitationCode, InvitationUsage, RewardType
from app.rewards import service as rewards

logger = logging.getLogger(__name__)

INVITER_ID_PATTERN = re.compile(r"\d{8}")
CODE_LOOKUP_MAX_LENGTH = 64


class InvitationStatus(enum.StrEnum):
    NONE = "none"
    APPLIED = "applied"
    DEFERRED = "deferred"
    REJECTED = "rejected"


class RejectionReason(enum.StrEnum):
    INVITER_NOT_FOUND = "inviter_not_found"
    CODE_NOT_FOUND = "code_not_found"
    CODE_INACTIVE = "code_inactive"
    CODE_NOT_YET_VALID = "code_not_yet_valid"
    CODE_EXPIRED = "code_expired"
    CODE_EXHAUSTED = "code_exhausted"


@dataclass(frozen=True)
class Invitation:
    """What an invitation input resolved to."""

    status: InvitationStatus
    reason: RejectionReason | None = None
    inviter_id: str | None = None
    code_id: int | None = None

    @property
    def is_valid(self) -> bool:
        return self.inviter_id is not None or self.code_id is not None

    def deferred(self) -> "Invitation":
        return Invitation(
            InvitationStatus.DEFERRED, inviter_id=self.inviter_id, code_id=self.code_id
        )


NO_INVITATION = Invitation(InvitationStatus.NONE)


def _rejected(reason: RejectionReason) -> Invitation:
    return Invitation(InvitationStatus.REJECTED, reason=reason)


def code_key(code: str) -> str:
    return code.strip().lower()


def unusable_reason(code: InvitationCode, now: datetime) -> RejectionReason | None:
    if not code.is_active:
        return RejectionReason.CODE_INACTIVE
    if code.valid_from > now:
        return RejectionReason.CODE_NOT_YET_VALID
    if code.valid_until is not None and code.valid_until < now:
        return RejectionReason.CODE_EXPIRED
    if code.max_uses is not None and code.used_count >= code.max_uses:
        return RejectionReason.CODE_EXHAUSTED
    return None


async def resolve(session: AsyncSession, raw: str | None, now: datetime) -> Invitation:
    """Turn the sign-up's invitation input into an inviter or a usable code."""
    text = (raw or "").strip()
    if not text:
        return NO_INVITATION

    if INVITER_ID_PATTERN.fullmatch(text):
        inviter = await session.get(User, text)
        if inviter is None:
            return _rejected(RejectionReason.INVITER_NOT_FOUND)
        return Invitation(InvitationStatus.APPLIED, inviter_id=inviter.id)

    if len(text) > CODE_LOOKUP_MAX_LENGTH or not text.isprintable():
        return _rejected(RejectionReason.CODE_NOT_FOUND)
    code = await session.scalar(
        select(InvitationCode).where(InvitationCode.code_key == code_key(text))
    )
    if code is None:
        return _rejected(RejectionReason.CODE_NOT_FOUND)

    reason = unusable_reason(code, now)
    if reason is not None:
        return _rejected(reason)
    return Invitation(InvitationStatus.APPLIED, code_id=code.id)


async def apply(
    session: AsyncSession, invitation: Invitation, user: User, now: datetime
) -> Invitation:
    """Pay or record ``invitation`` for the new ``user``, re-validating it.

    Runs inside the transaction that created the user: all or nothing.
    """
    if invitation.inviter_id is not None:
        return await _record_inviter(session, invitation.inviter_id, user)
    if invitation.code_id is not None:
        return await _redeem_code(session, invitation.code_id, user, now)
    return invitation


async def _record_inviter(
    session: AsyncSession, inviter_id: str, user: User
) -> Invitation:
    inviter = await session.get(User, inviter_id)
    if inviter is None or inviter.id == user.id:
        return _rejected(RejectionReason.INVITER_NOT_FOUND)

    user.inviter_id = inviter.id
    await session.flush()
    logger.info(
        "inviter recorded", extra={"user_id": user.id, "inviter_id": inviter_id}
    )
    return Invitation(InvitationStatus.APPLIED, inviter_id=inviter.id)


async def _redeem_code(
    session: AsyncSession, code_id: int, user: User, now: datetime
) -> Invitation:
    code = await _take_one_use(session, code_id, now)
    if code is None:
        return await _why_unusable(session, code_id, now)

    user_coupon_id = None
    if code.reward_type in (RewardType.COUPON, RewardType.BOTH) and code.coupon_id:
        granted = await rewards.grant_coupon(
            session, user_id=user.id, coupon_id=code.coupon_id, source="invitation"
        )
        user_coupon_id = granted.id

    points = 0
    if code.reward_type in (RewardType.POINTS, RewardType.BOTH) and code.points_reward:
        points = code.points_reward
        await rewards.credit_points(
            session,
            user_id=user.id,
            amount=points,
            source="invitation",
            description=f"Invitation code {code.code}",
            idempotency_key=f"invitation:{code.id}:{user.id}",
        )

    session.add(
        InvitationUsage(
            invitation_code_id=code.id,
            user_id=user.id,
            points_awarded=points,
            user_coupon_id=user_coupon_id,
        )
    )
    await session.flush()
    logger.info(
        "invitation code redeemed",
        extra={"user_id": user.id, "code_id": code.id, "points": points},
    )
    return Invitation(InvitationStatus.APPLIED, code_id=code.id)


async def _take_one_use(
    session: AsyncSession, code_id: int, now: datetime
) -> InvitationCode | None:
    """Count one use if the code is usable right now; None when it is not."""
    usable = and_(
        InvitationCode.id == code_id,
        InvitationCode.is_active.is_(True),
        InvitationCode.valid_from <= now,
        or_(InvitationCode.valid_until.is_(None), InvitationCode.valid_until >= now),
        or_(
            InvitationCode.max_uses.is_(None),
            InvitationCode.used_count < InvitationCode.max_uses,
        ),
    )
    taken = await session.scalar(
        update(InvitationCode)
        .where(usable)
        .values(used_count=InvitationCode.used_count + 1)
        .returning(InvitationCode)
        .execution_options(synchronize_session=False)
    )
    return taken


async def _why_unusable(
    session: AsyncSession, code_id: int, now: datetime
) -> Invitation:
    code = await session.get(InvitationCode, code_id, populate_existing=True)
    if code is None:
        return _rejected(RejectionReason.CODE_NOT_FOUND)
    return _rejected(unusable_reason(code, now) or RejectionReason.CODE_EXHAUSTED)
