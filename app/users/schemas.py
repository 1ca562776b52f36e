"""Bodies of the account routes."""

from datetime import datetime

from pydantic import BaseModel, ConfigDict


class UserRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    email: str
    name: str
    role: str
    is_verified: bool
    inviter_id: str | None
    points_balance: int
    created_at: datetime
