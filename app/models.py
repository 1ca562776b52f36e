"""Every model, imported in one place so metadata (and Alembic) sees them all."""

from app.auth.models import PendingSignup, User
from app.db.base import Base
from app.invitations.models import InvitationCode, InvitationUsage
from app.rewards.models import Coupon, PointsTransaction, UserCoupon

__all__ = [
    "Base",
    "Coupon",
    "InvitationCode",
    "InvitationUsage",
    "PendingSignup",
    "PointsTransaction",
    "User",
    "UserCoupon",
]
