"""Matching waiting users with online agents, within capacity.

Race safety: the available agents' rows are locked (in ID order) for the
whole transaction on PostgreSQL, and waiting entries are claimed with
``SKIP LOCKED``; SQLite serializes writers with ``BEGIN IMMEDIATE``. Either
way two runs at once cannot hand out the same slot or the same entry.
"""

import logging
from dataclasses import dataclass

from sqlalchemy import delete, exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.db.types import utcnow
from app.support.models import AgentProfile, Chat, ChatStatus, QueueEntry

logger = logging.getLogger(__name__)


@dataclass
class _Slot:
    profile: AgentProfile
    free: int

    @property
    def agent_id(self) -> str:
        return self.profile.user_id


async def assign_waiting(session: AsyncSession, *, limit: int) -> list[Chat]:
    """Open chats for the oldest waiting users; the chats created."""
    slots = await _lock_free_slots(session)
    capacity = sum(slot.free for slot in slots)
    if capacity == 0:
        return []

    entries = await _claim_waiting(session, limit=min(limit, capacity))
    chats = [_open_chat(entry, _best_slot(slots)) for entry in entries]
    if not chats:
        return []

    for slot in slots:
        slot.profile.open_chats = slot.profile.max_concurrent_chats - slot.free
    await session.execute(
        delete(QueueEntry).where(QueueEntry.id.in_([entry.id for entry in entries]))
    )
    session.add_all(chats)
    await session.flush()
    return chats


async def _lock_free_slots(session: AsyncSession) -> list[_Slot]:
    query = (
        select(AgentProfile)
        .where(
            AgentProfile.is_online.is_(True),
            AgentProfile.open_chats < AgentProfile.max_concurrent_chats,
        )
        .order_by(AgentProfile.user_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    profiles = await session.scalars(query)
    return [_Slot(p, p.max_concurrent_chats - p.open_chats) for p in profiles]


async def _claim_waiting(session: AsyncSession, *, limit: int) -> list[QueueEntry]:
    has_open_chat = exists().where(
        Chat.user_id == QueueEntry.user_id, Chat.status == ChatStatus.OPEN
    )
    query = (
        select(QueueEntry)
        .where(~has_open_chat)
        .order_by(QueueEntry.created_at, QueueEntry.id)
        .limit(limit)
        .with_for_update(skip_locked=True, of=QueueEntry)
    )
    return list(await session.scalars(query))


def _best_slot(slots: list[_Slot]) -> _Slot:
    """Most free capacity first, then the best rating."""
    best = max(slots, key=lambda slot: (slot.free, slot.profile.rating))
    best.free -= 1
    return best


def _open_chat(entry: QueueEntry, slot: _Slot) -> Chat:
    now = utcnow()
    return Chat(
        user_id=entry.user_id,
        agent_id=slot.agent_id,
        status=ChatStatus.OPEN.value,
        created_at=now,
        last_activity_at=now,
    )
