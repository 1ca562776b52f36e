"""The signed-in user's notifications."""

from typing import Annotated

from fastapi import APIRouter, Query

from app.auth.deps import CurrentUser
from app.db.deps import SessionDep
from app.errors import error_responses
from app.notifications import service
from app.notifications.errors import NotificationNotFound
from app.notifications.schemas import NotificationRead
from app.schemas import ResourceId

router = APIRouter(prefix="/notifications", tags=["notifications"])


@router.get("", response_model=list[NotificationRead])
async def list_notifications(
    user: CurrentUser,
    session: SessionDep,
    unread_only: bool = False,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> list[NotificationRead]:
    notifications = await service.list_for_user(
        session, user.id, unread_only=unread_only, limit=limit
    )
    return [NotificationRead.model_validate(n) for n in notifications]


@router.post(
    "/{notification_id}/read",
    response_model=NotificationRead,
    responses=error_responses(NotificationNotFound),
)
async def read_notification(
    notification_id: ResourceId, user: CurrentUser, session: SessionDep
) -> NotificationRead:
    notification = await service.mark_read(session, user.id, notification_id)
    return NotificationRead.model_validate(notification)
