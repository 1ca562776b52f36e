"""The points ledger and coupons.

The ledger is append-only: a credit moves the user's balance with one atomic
``UPDATE ... RETURNING`` and writes the row with the balance it produced, so
the balance always equals the sum of the ledger.
"""

import logging
from collections.abc import Sequence

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth.models import User
from app.errors import NotFound
from app.paging import Page
from app.rewards.models import Coupon, PointsTransaction, UserCoupon

logger = logging.getLogger(__name__)


class CouponNotFound(NotFound):
    code = "coupon_not_found"
    message = "No coupon with this ID."


async def credit_points(
    session: AsyncSession,
    *,
    user_id: str,
    amount: int,
    source: str,
    description: str,
    idempotency_key: str,
) -> PointsTransaction:
    balance_after = await session.scalar(
        update(User)
        .where(User.id == user_id)
        .values(points_balance=User.points_balance + amount)
        .returning(User.points_balance)
        .execution_options(synchronize_session=False)
    )
    if balance_after is None:
        raise LookupError(f"no user {user_id} to credit")

    entry = PointsTransaction(
        user_id=user_id,
        amount=amount,
        balance_after=balance_after,
        source=source,
        description=description[:255],
        idempotency_key=idempotency_key,
    )
    session.add(entry)
    await session.flush()

    user = await session.get(User, user_id)
    if user is not None:
        user.points_balance = balance_after
    logger.info(
        "points credited",
        extra={"user_id": user_id, "amount": amount, "balance_after": balance_after},
    )
    return entry


async def grant_coupon(
    session: AsyncSession, *, user_id: str, coupon_id: int, source: str
) -> UserCoupon:
    if await session.get(Coupon, coupon_id) is None:
        raise CouponNotFound()

    granted = UserCoupon(user_id=user_id, coupon_id=coupon_id, source=source)
    session.add(granted)
    await session.flush()
    logger.info(
        "coupon granted",
        extra={
            "user_id": user_id,
            "coupon_id": coupon_id,
            "user_coupon_id": granted.id,
        },
    )
    return granted


async def ledger(
    session: AsyncSession, user_id: str, page: Page
) -> Sequence[PointsTransaction]:
    rows = await session.scalars(
        select(PointsTransaction)
        .where(PointsTransaction.user_id == user_id)
        .order_by(PointsTransaction.id.desc())
        .limit(page.limit)
        .offset(page.offset)
    )
    return rows.all()


async def ledger_sum(session: AsyncSession, user_id: str) -> int:
    total = await session.scalar(
        select(func.coalesce(func.sum(PointsTransaction.amount), 0)).where(
            PointsTransaction.user_id == user_id
        )
    )
    return int(total or 0)


async def coupons_of(
    session: AsyncSession, user_id: str
) -> Sequence[tuple[UserCoupon, Coupon]]:
    rows = await session.execute(
        select(UserCoupon, Coupon)
        .join(Coupon, Coupon.id == UserCoupon.coupon_id)
        .where(UserCoupon.user_id == user_id)
        .order_by(UserCoupon.id.desc())
    )
    return [(user_coupon, coupon) for user_coupon, coupon in rows.all()]


async def create_coupon(session: AsyncSession, coupon: Coupon) -> Coupon:
    session.add(coupon)
    await session.flush()
    logger.info("coupon created", extra={"coupon_id": coupon.id})
    return coupon


async def list_coupons(session: AsyncSession, page: Page) -> Sequence[Coupon]:
    rows = await session.scalars(
        select(Coupon).order_by(Coupon.id).limit(page.limit).offset(page.offset)
    )
    return rows.all()
