"""Bodies of the points, coupon and coupon-administration routes."""

from datetime import datetime
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from app.schemas import SingleLine, StorableText, Timestamp


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
    name: SingleLine = Field(min_length=1, max_length=100)
    description: StorableText = Field(default="", max_length=2000)
    value: Decimal = Field(ge=0, le=Decimal("9999999999.99"), decimal_places=2)
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
