"""support schema: queue, agent profiles, chats, messages, notifications

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-04 16:26:34.677394
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.db.types

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "agent_profile",
        sa.Column("user_id", sa.String(length=8), nullable=False),
        sa.Column("is_online", sa.Boolean(), nullable=False),
        sa.Column("max_concurrent_chats", sa.Integer(), nullable=False),
        sa.Column("open_chats", sa.Integer(), nullable=False),
        sa.Column("rating", sa.Float(), nullable=False),
        sa.Column(
            "status_changed_at", app.db.types.UtcDateTime(timezone=True), nullable=False
        ),
        sa.CheckConstraint(
            "max_concurrent_chats >= 1",
            name=op.f("ck_agent_profile_max_concurrent_chats"),
        ),
        sa.CheckConstraint("open_chats >= 0", name=op.f("ck_agent_profile_open_chats")),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_agent_profile_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_agent_profile")),
    )
    with op.batch_alter_table("agent_profile", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_agent_profile_is_online"), ["is_online"], unique=False
        )

    op.create_table(
        "support_chat",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(length=8), nullable=False),
        sa.Column("agent_id", sa.String(length=8), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column(
            "created_at", app.db.types.UtcDateTime(timezone=True), nullable=False
        ),
        sa.Column(
            "last_activity_at", app.db.types.UtcDateTime(timezone=True), nullable=False
        ),
        sa.Column("last_message_by", sa.String(length=16), nullable=True),
        sa.Column("warned_at", app.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("ended_at", app.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("ended_by", sa.String(length=16), nullable=True),
        sa.Column("ended_reason", sa.String(length=32), nullable=True),
        sa.Column("ended_type", sa.String(length=32), nullable=True),
        sa.CheckConstraint(
            "status IN ('open', 'ended')", name=op.f("ck_support_chat_status")
        ),
        sa.ForeignKeyConstraint(
            ["agent_id"],
            ["user_account.id"],
            name=op.f("fk_support_chat_agent_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_support_chat_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_support_chat")),
    )
    with op.batch_alter_table("support_chat", schema=None) as batch_op:
        batch_op.create_index(
            "ix_support_chat_agent_status", ["agent_id", "status"], unique=False
        )
        batch_op.create_index(
            "ix_support_chat_status_ended_at", ["status", "ended_at"], unique=False
        )
        batch_op.create_index(
            "ix_support_chat_status_last_activity",
            ["status", "last_activity_at"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_support_chat_user_id"), ["user_id"], unique=False
        )
        batch_op.create_index(
            "uq_support_chat_open_user",
            ["user_id"],
            unique=True,
            sqlite_where=sa.text("status = 'open'"),
            postgresql_where=sa.text("status = 'open'"),
        )

    op.create_table(
        "support_queue_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(length=8), nullable=False),
        sa.Column(
            "created_at", app.db.types.UtcDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_support_queue_entry_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_support_queue_entry")),
        sa.UniqueConstraint("user_id", name=op.f("uq_support_queue_entry_user_id")),
    )
    with op.batch_alter_table("support_queue_entry", schema=None) as batch_op:
        batch_op.create_index(
            "ix_support_queue_entry_order", ["created_at", "id"], unique=False
        )

    op.create_table(
        "notification",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(length=8), nullable=False),
        sa.Column("notification_type", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("chat_id", sa.Integer(), nullable=True),
        sa.Column("is_read", sa.Boolean(), nullable=False),
        sa.Column("read_at", app.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column(
            "created_at", app.db.types.UtcDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["chat_id"],
            ["support_chat.id"],
            name=op.f("fk_notification_chat_id_support_chat"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_notification_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notification")),
    )
    with op.batch_alter_table("notification", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_notification_chat_id"), ["chat_id"], unique=False
        )
        batch_op.create_index(
            "ix_notification_user_id_id", ["user_id", "id"], unique=False
        )

    op.create_table(
        "support_chat_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.Integer(), nullable=False),
        sa.Column("sender_id", sa.String(length=8), nullable=True),
        sa.Column("sender_role", sa.String(length=16), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column(
            "created_at", app.db.types.UtcDateTime(timezone=True), nullable=False
        ),
        sa.CheckConstraint(
            "sender_role IN ('user', 'agent', 'system')",
            name=op.f("ck_support_chat_message_sender_role"),
        ),
        sa.ForeignKeyConstraint(
            ["chat_id"],
            ["support_chat.id"],
            name=op.f("fk_support_chat_message_chat_id_support_chat"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["sender_id"],
            ["user_account.id"],
            name=op.f("fk_support_chat_message_sender_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_support_chat_message")),
    )
    with op.batch_alter_table("support_chat_message", schema=None) as batch_op:
        batch_op.create_index(
            "ix_support_chat_message_chat_id_id", ["chat_id", "id"], unique=False
        )


def downgrade() -> None:
    for table in (
        "support_chat_message",
        "notification",
        "support_queue_entry",
        "support_chat",
        "agent_profile",
    ):
        op.drop_table(table)
