"""The chat events pushed to both sides of a chat."""

from app.realtime.push import Push
from app.support.models import Chat, ChatMessage
from app.support.schemas import (
    ChatAssignedEvent,
    ChatEndedEvent,
    ChatMessageEvent,
    ChatRead,
    MessageRead,
)


def chat_assigned(chat: Chat) -> list[Push]:
    event = ChatAssignedEvent(
        chat_id=chat.id,
        user_id=chat.user_id,
        agent_id=chat.agent_id,
        chat=ChatRead.model_validate(chat),
    ).model_dump(mode="json")
    return [(chat.user_id, event), (chat.agent_id, event)]


def chat_message(chat: Chat, message: ChatMessage) -> list[Push]:
    """To both sides, so the sender's other tabs and devices see it too."""
    event = ChatMessageEvent(
        chat_id=chat.id, message=MessageRead.model_validate(message)
    ).model_dump(mode="json")
    return [(chat.user_id, event), (chat.agent_id, event)]


def chat_ended(chat: Chat) -> list[Push]:
    assert chat.ended_at is not None
    event = ChatEndedEvent(
        chat_id=chat.id,
        reason=chat.ended_reason or "",
        ended_type=chat.ended_type or "",
        ended_by=chat.ended_by or "",
        ended_at=chat.ended_at,
    ).model_dump(mode="json")
    return [(chat.user_id, event), (chat.agent_id, event)]
