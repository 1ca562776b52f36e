"""Bodies of the notification routes and the pushed event."""

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict


class NotificationRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    notification_type: str
    title: str
    content: str
    chat_id: int | None
    is_read: bool
    read_at: datetime | None
    created_at: datetime


class NotificationCreatedEvent(BaseModel):
    type: Literal["notification_created"] = "notification_created"
    notification_id: int
    notification_type: str
    chat_id: int | None
    title: str
    content: str
    created_at: datetime
