"""The user's points and coupons, and coupon administration."""

from fastapi import APIRouter, status

from app.auth.deps import AdminUser, CurrentUser
from app.db.deps import SessionDep
from app.errors import Forbidden, Unauthorized, error_responses
from app.paging import PageDep
from app.rewards import service
from app.rewards.models import Coupon
from app.rewards.schemas import (
    CouponCreate,
    CouponRead,
    PointsRead,
    PointsTransactionRead,
    UserCouponRead,
)

router = APIRouter(responses=error_responses(Unauthorized))


@router.get("/users/me/points", response_model=PointsRead, tags=["users"])
async def read_points(
    user: CurrentUser, session: SessionDep, page: PageDep
) -> PointsRead:
    entries = await service.ledger(session, user.id, page)
    return PointsRead(
        balance=user.points_balance,
        transactions=[PointsTransactionRead.model_validate(e) for e in entries],
    )


@router.get("/users/me/coupons", response_model=list[UserCouponRead], tags=["users"])
async def read_coupons(user: CurrentUser, session: SessionDep) -> list[UserCouponRead]:
    held = await service.coupons_of(session, user.id)
    return [
        UserCouponRead(
            id=user_coupon.id,
            coupon_id=coupon.id,
            name=coupon.name,
            description=coupon.description,
            value=coupon.value,
            valid_until=coupon.valid_until,
            source=user_coupon.source,
            granted_at=user_coupon.granted_at,
            used_at=user_coupon.used_at,
        )
        for user_coupon, coupon in held
    ]


@router.post(
    "/admin/coupons",
    status_code=status.HTTP_201_CREATED,
    response_model=CouponRead,
    tags=["admin"],
    responses=error_responses(Forbidden),
)
async def create_coupon(
    body: CouponCreate, session: SessionDep, _: AdminUser
) -> CouponRead:
    coupon = await service.create_coupon(session, Coupon(**body.model_dump()))
    return CouponRead.model_validate(coupon)


@router.get(
    "/admin/coupons",
    response_model=list[CouponRead],
    tags=["admin"],
    responses=error_responses(Forbidden),
)
async def list_coupons(
    session: SessionDep, _: AdminUser, page: PageDep
) -> list[CouponRead]:
    coupons = await service.list_coupons(session, page)
    return [CouponRead.model_validate(coupon) for coupon in coupons]
