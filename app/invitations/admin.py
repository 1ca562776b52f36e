"""Administration of invitation codes."""

import logging
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.db.types import utcnow
from app.invitations.errors import (
    CodeNotFound,
    CodeReserved,
    CodeTaken,
    InvalidReward,
    InvalidValidity,
    NotNullable,
)
from app.invitations.models import InvitationCode, InvitationUsage, RewardType
from app.invitations.schemas import InvitationCodeCreate, InvitationCodeUpdate
from app.invitations.service import INVITER_ID_PATTERN, code_key
from app.paging import Page
from app.rewards.models import Coupon
from app.rewards.service import CouponNotFound

logger = logging.getLogger(__name__)

NULLABLE_FIELDS = frozenset({"coupon_id", "max_uses", "valid_until"})


async def create(session: AsyncSession, data: InvitationCodeCreate) -> InvitationCode:
    if INVITER_ID_PATTERN.fullmatch(data.code):
        raise CodeReserved()
    if await session.scalar(
        select(InvitationCode.id).where(InvitationCode.code_key == code_key(data.code))
    ):
        raise CodeTaken()

    code = InvitationCode(
        code=data.code,
        code_key=code_key(data.code),
        reward_type=data.reward_type.value,
        points_reward=data.points_reward,
        coupon_id=data.coupon_id,
        max_uses=data.max_uses,
        valid_from=data.valid_from or utcnow(),
        valid_until=data.valid_until,
        is_active=data.is_active,
        used_count=0,
    )
    await _check(session, code)
    session.add(code)
    try:
        await session.flush()
    except IntegrityError as error:
        raise CodeTaken() from error

    logger.info("invitation code created", extra={"code_id": code.id})
    return code


async def update(
    session: AsyncSession, code_id: int, data: InvitationCodeUpdate
) -> InvitationCode:
    code = await get(session, code_id)

    for field, value in data.model_dump(exclude_unset=True).items():
        if value is None and field not in NULLABLE_FIELDS:
            raise NotNullable(f"{field} cannot be null.")
        setattr(code, field, value)
    await _check(session, code)
    await session.flush()

    logger.info("invitation code updated", extra={"code_id": code.id})
    return code


async def _check(session: AsyncSession, code: InvitationCode) -> None:
    pays_points = code.reward_type in (RewardType.POINTS, RewardType.BOTH)
    pays_coupon = code.reward_type in (RewardType.COUPON, RewardType.BOTH)

    if pays_points and not code.points_reward:
        raise InvalidReward("A points reward needs points_reward above 0.")
    if pays_coupon and code.coupon_id is None:
        raise InvalidReward("A coupon reward needs coupon_id.")
    if code.coupon_id is not None and await session.get(Coupon, code.coupon_id) is None:
        raise CouponNotFound()
    if code.valid_until is not None and code.valid_until <= code.valid_from:
        raise InvalidValidity()


async def get(session: AsyncSession, code_id: int) -> InvitationCode:
    code = await session.get(InvitationCode, code_id)
    if code is None:
        raise CodeNotFound()
    return code


async def list_codes(session: AsyncSession, page: Page) -> Sequence[InvitationCode]:
    rows = await session.scalars(
        select(InvitationCode)
        .order_by(InvitationCode.id)
        .limit(page.limit)
        .offset(page.offset)
    )
    return rows.all()


async def usages(
    session: AsyncSession, code_id: int, page: Page
) -> Sequence[InvitationUsage]:
    await get(session, code_id)

    rows = await session.scalars(
        select(InvitationUsage)
        .where(InvitationUsage.invitation_code_id == code_id)
        .order_by(InvitationUsage.id)
        .limit(page.limit)
        .offset(page.offset)
    )
    return rows.all()
