"""Bodies of the points, coupon and coupon-administration routes."""

from datetime import datetime
from decimal import Decimal
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from app.schemas import Label, TextBlock, Timestamp

CENTS = Decimal("0.01")


def _to_cents(value: Decimal) -> Decimal:
    return value.quantize(CENTS)


class PointsTransactionRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    amount: int
    balance_after: int
    source: str
    description: str
    created_at: datetime


class PointsRead(BaseModel):
    balance: int
    transactions: list[PointsTransactionRead]


class CouponCreate(BaseModel):
    name: Label = Field(min_length=1, max_length=100)
    description: TextBlock = Field(default="", max_length=2000)
    value: Annotated[
        Decimal,
        Field(ge=0, le=Decimal("9999999999.99"), decimal_places=2),
        AfterValidator(_to_cents),
    ]
    valid_until: Timestamp | None = None


class CouponRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    description: str
    value: Decimal
    valid_until: datetime | None
    created_at: datetime


class UserCouponRead(BaseModel):
    id: int
    coupon_id: int
    name: str
    description: str
    value: Decimal
    valid_until: datetime | None
    source: str
    granted_at: datetime
    used_at: datetime | None
