"""Bodies of the support routes and of the pushed chat events."""

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool

from app.schemas import TextBlock
from app.support.models import MESSAGE_MAX_LENGTH


class QueueRead(BaseModel):
    queue_id: int
    status: Literal["waiting"] = "waiting"
    position: int
    created_at: datetime


class ChatRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    user_id: str
    agent_id: str
    status: str
    created_at: datetime
    last_activity_at: datetime
    warned_at: datetime | None
    ended_at: datetime | None
    ended_by: str | None
    ended_reason: str | None
    ended_type: str | None


class CurrentRead(BaseModel):
    """Where the user stands: nothing, waiting in the queue, or in a chat."""

    status: Literal["none", "waiting", "open"]
    queue: QueueRead | None = None
    chat: ChatRead | None = None


class MessageCreate(BaseModel):
    # Generous cap for the body; the real limit is checked on the trimmed text.
    content: TextBlock = Field(max_length=MESSAGE_MAX_LENGTH * 4)


class MessageRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    chat_id: int
    sender_id: str | None
    sender_role: str
    content: str
    created_at: datetime


class AgentStatusUpdate(BaseModel):
    online: StrictBool


class AgentStatusRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    user_id: str
    is_online: bool
    max_concurrent_chats: int
    open_chats: int
    rating: float
    status_changed_at: datetime


class ChatAssignedEvent(BaseModel):
    type: Literal["chat_assigned"] = "chat_assigned"
    chat_id: int
    user_id: str
    agent_id: str
    chat: ChatRead


class ChatMessageEvent(BaseModel):
    type: Literal["chat_message"] = "chat_message"
    chat_id: int
    message: MessageRead


class ChatEndedEvent(BaseModel):
    type: Literal["chat_ended"] = "chat_ended"
    chat_id: int
    reason: str
    ended_type: str
    ended_by: str
    ended_at: datetime
