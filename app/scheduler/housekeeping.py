"""Jobs that keep tables from growing without bound."""

from sqlalchemy import delete

from app.auth.models import PendingSignup
from app.db.types import utcnow
from app.scheduler.context import JobContext, JobOutcome


async def purge_expired_signups(context: JobContext) -> JobOutcome:
    async with context.database.transaction() as session:
        deleted = await session.scalars(
            delete(PendingSignup)
            .where(PendingSignup.expires_at < utcnow())
            .returning(PendingSignup.id)
        )
        count = len(deleted.all())
    return {"signups": count}
