"""Agents' presence and capacity."""

import logging
from collections import Counter

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.db.types import utcnow
from app.support.models import AgentProfile, Chat, ChatStatus

logger = logging.getLogger(__name__)


async def get_or_create_profile(
    session: AsyncSession, agent_id: str, *, default_capacity: int
) -> AgentProfile:
    profile = await session.get(AgentProfile, agent_id, with_for_update=True)
    if profile is not None:
        return profile

    profile = AgentProfile(
        user_id=agent_id,
        is_online=False,
        max_concurrent_chats=default_capacity,
        open_chats=0,
        rating=0.0,
        status_changed_at=utcnow(),
    )
    session.add(profile)
    await session.flush()
    return profile


async def set_online(
    session: AsyncSession, agent_id: str, *, online: bool, default_capacity: int
) -> AgentProfile:
    profile = await get_or_create_profile(
        session, agent_id, default_capacity=default_capacity
    )

    if profile.is_online != online:
        profile.is_online = online
        profile.status_changed_at = utcnow()
        await session.flush()
        logger.info(
            "agent status changed", extra={"agent_id": agent_id, "online": online}
        )
    return profile


async def release_slots(session: AsyncSession, chats: list[Chat]) -> None:
    """Give each agent back one slot per chat that ended.

    Agents are updated in ID order so that concurrent writers take their row
    locks in the same order and cannot deadlock.
    """
    per_agent = Counter(chat.agent_id for chat in chats)
    for agent_id in sorted(per_agent):
        await session.execute(
            update(AgentProfile)
            .where(AgentProfile.user_id == agent_id)
            .values(open_chats=AgentProfile.open_chats - per_agent[agent_id])
        )


async def list_open_chats(session: AsyncSession, agent_id: str) -> list[Chat]:
    query = (
        select(Chat)
        .where(Chat.agent_id == agent_id, Chat.status == ChatStatus.OPEN)
        .order_by(Chat.id)
    )
    return list(await session.scalars(query))
