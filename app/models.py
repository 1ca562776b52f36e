"""Every model, imported in one place so metadata (and Alembic) sees them all."""

from app.auth.models import PendingSignup, User
from app.db.base import Base
from app.invitations.models import InvitationCode, InvitationUsage
from app.notifications.models import Notification
from app.rewards.models import Coupon, PointsTransaction, UserCoupon
from app.support.models import AgentProfile, Chat, ChatMessage, QueueEntry

__all__ = [
    "AgentProfile",
    "Base",
    "Chat",
    "ChatMessage",
    "Coupon",
    "InvitationCode",
    "InvitationUsage",
    "Notification",
    "PendingSignup",
    "PointsTransaction",
    "QueueEntry",
    "User",
    "UserCoupon",
]
