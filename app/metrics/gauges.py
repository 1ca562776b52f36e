"""Gauges read at scrape time: cheaper to count than to keep in step."""

from fastapi import FastAPI
from sqlalchemy import func, select

from app.db.session import Database
from app.metrics.registry import Metrics
from app.realtime.hub import Hub
from app.support.models import Chat, ChatStatus, QueueEntry


class SupportGauges:
    """Open sockets from the hub; queue depth and open chats by ``COUNT``.

    Both counts use indexed columns and run once per scrape, not per event.
    """

    def __init__(self, app: FastAPI) -> None:
        self._app = app

    async def __call__(self, metrics: Metrics) -> None:
        hub: Hub | None = getattr(self._app.state, "hub", None)
        if hub is not None:
            metrics.websocket_connections.set(hub.connection_count())

        database: Database | None = getattr(self._app.state, "database", None)
        if database is None:
            return
        async with database.sessionmaker() as session:
            open_chats = await session.scalar(
                select(func.count())
                .select_from(Chat)
                .where(Chat.status == ChatStatus.OPEN)
            )
            waiting = await session.scalar(select(func.count()).select_from(QueueEntry))
        metrics.open_chats.set(open_chats or 0)
        metrics.queue_depth.set(waiting or 0)
