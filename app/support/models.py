"""The support queue, agents' profiles, chats and their messages."""

import enum
from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base
from app.db.types import UtcDateTime, utcnow

MESSAGE_MAX_LENGTH = 4000


class ChatStatus(enum.StrEnum):
    OPEN = "open"
    ENDED = "ended"


class SenderRole(enum.StrEnum):
    USER = "user"
    AGENT = "agent"
    SYSTEM = "system"


class EndedBy(enum.StrEnum):
    USER = "user"
    AGENT = "agent"
    SYSTEM = "system"


class EndedType(enum.StrEnum):
    USER_INACTIVE = "user_inactive"
    SERVICE_INACTIVE = "service_inactive"
    CLOSED_BY_USER = "closed_by_user"
    CLOSED_BY_AGENT = "closed_by_agent"


class QueueEntry(Base):
    """A user waiting for an agent. The row is deleted when a chat starts."""

    __tablename__ = "support_queue_entry"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[str] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), unique=True
    )
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    __table_args__ = (Index("ix_support_queue_entry_order", "created_at", "id"),)


class AgentProfile(Base):
    """An agent's presence and capacity; ``open_chats`` counts open chats."""

    __tablename__ = "agent_profile"
    __table_args__ = (
        CheckConstraint("open_chats >= 0", name="open_chats"),
        CheckConstraint("max_concurrent_chats >= 1", name="max_concurrent_chats"),
    )

    user_id: Mapped[str] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True
    )
    is_online: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    max_concurrent_chats: Mapped[int] = mapped_column(Integer)
    open_chats: Mapped[int] = mapped_column(Integer, default=0)
    rating: Mapped[float] = mapped_column(Float, default=0.0)
    status_changed_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class Chat(Base):
    """A conversation between one user and one agent.

    ``last_activity_at`` is the inactivity clock (last non-system message, or
    creation); ``warned_at`` is set once per idle period and cleared by the
    next non-system message.
    """

    __tablename__ = "support_chat"
    __table_args__ = (
        CheckConstraint("status IN ('open', 'ended')", name="status"),
        Index("ix_support_chat_status_last_activity", "status", "last_activity_at"),
        Index("ix_support_chat_status_ended_at", "status", "ended_at"),
        Index("ix_support_chat_agent_status", "agent_id", "status"),
        Index(
            "uq_support_chat_open_user",
            "user_id",
            unique=True,
            sqlite_where=text("status = 'open'"),
            postgresql_where=text("status = 'open'"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[str] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    agent_id: Mapped[str] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE")
    )
    status: Mapped[str] = mapped_column(String(16), default=ChatStatus.OPEN.value)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    last_activity_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    last_message_by: Mapped[str | None] = mapped_column(String(16))
    warned_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    ended_by: Mapped[str | None] = mapped_column(String(16))
    ended_reason: Mapped[str | None] = mapped_column(String(32))
    ended_type: Mapped[str | None] = mapped_column(String(32))


class ChatMessage(Base):
    __tablename__ = "support_chat_message"
    __table_args__ = (
        CheckConstraint(
            "sender_role IN ('user', 'agent', 'system')", name="sender_role"
        ),
        Index("ix_support_chat_message_chat_id_id", "chat_id", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chat_id: Mapped[int] = mapped_column(
        ForeignKey("support_chat.id", ondelete="CASCADE")
    )
    sender_id: Mapped[str | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    sender_role: Mapped[str] = mapped_column(String(16))
    content: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
