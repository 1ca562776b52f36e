"""Bodies of the invitation-code administration routes."""

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from app.invitations.models import CODE_MAX_LENGTH, RewardType
from app.schemas import BoundedInt, Timestamp

CODE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_\-]*$"


class InvitationCodeCreate(BaseModel):
    code: str = Field(min_length=3, max_length=CODE_MAX_LENGTH, pattern=CODE_PATTERN)
    reward_type: RewardType
    points_reward: BoundedInt = 0
    coupon_id: BoundedInt | None = None
    max_uses: BoundedInt | None = None
    valid_from: Timestamp | None = None
    valid_until: Timestamp | None = None
    is_active: bool = True


class InvitationCodeUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reward_type: RewardType | None = None
    points_reward: BoundedInt | None = None
    coupon_id: BoundedInt | None = None
    max_uses: BoundedInt | None = None
    valid_from: Timestamp | None = None
    valid_until: Timestamp | None = None
    is_active: bool | None = None


class InvitationCodeRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    code: str
    reward_type: str
    points_reward: int
    coupon_id: int | None
    max_uses: int | None
    used_count: int
    valid_from: datetime
    valid_until: datetime | None
    is_active: bool
    created_at: datetime


class InvitationUsageRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    user_id: str
    points_awarded: int
    user_coupon_id: int | None
    created_at: datetime
