"""Column types that behave the same on SQLite and PostgreSQL."""

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator


def utcnow() -> datetime:
    return datetime.now(UTC)


class UtcDateTime(TypeDecorator[datetime]):
    """An aware UTC timestamp.

    PostgreSQL stores ``timestamptz``. SQLite has no time zones, so values are
    stored as naive UTC text in one fixed format, which keeps string comparison
    equal to time comparison; they come back aware.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if not isinstance(value, datetime) or value.tzinfo is None:
            raise ValueError("UtcDateTime needs an aware datetime")
        in_utc = value.astimezone(UTC)
        if dialect.name == "sqlite":
            return in_utc.replace(tzinfo=None)
        return in_utc

    def process_result_value(
        self, value: datetime | None, dialect: Dialect
    ) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            aware: datetime = value.replace(tzinfo=UTC)
            return aware
        converted: datetime = value.astimezone(UTC)
        return converted
