"""Field types shared by request bodies.

Text that reaches the database must be storable everywhere: PostgreSQL
rejects NUL characters and lone surrogates cannot be encoded, so both are
refused at the edge with a 422 instead of failing as a 500 deep inside.
"""

import unicodedata
from datetime import UTC, datetime
from typing import Annotated

from fastapi import Path, Query
from pydantic import AfterValidator, AwareDatetime, Field

MAX_INT = 2_000_000_000
EARLIEST_YEAR = 1900
LATEST_YEAR = 9000


def _storable(value: str) -> str:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as error:
        raise ValueError("text must be valid Unicode") from error
    if "\x00" in value:
        raise ValueError("text must not contain NUL characters")
    return value


def _single_line(value: str) -> str:
    if any(unicodedata.category(char) == "Cc" for char in value):
        raise ValueError("text must not contain control characters")
    return value


def _text_block(value: str) -> str:
    """Paragraphs: line breaks and tabs are fine, other control characters not."""
    if any(unicodedata.category(c) == "Cc" and c not in "\n\r\t" for c in value):
        raise ValueError("text must not contain control characters")
    return value


def _visible(value: str) -> str:
    if not any(char.isalnum() for char in value):
        raise ValueError("text needs at least one letter or digit")
    return value


def _in_utc(value: datetime) -> datetime:
    """The same instant in UTC, within the years the service stores."""
    try:
        in_utc = value.astimezone(UTC)
    except OverflowError as error:
        raise ValueError("timestamp out of range") from error
    if not EARLIEST_YEAR <= in_utc.year <= LATEST_YEAR:
        raise ValueError(f"timestamp must lie in {EARLIEST_YEAR} to {LATEST_YEAR}")
    return in_utc


StorableText = Annotated[str, AfterValidator(_storable)]
SingleLine = Annotated[str, AfterValidator(_storable), AfterValidator(_single_line)]
TextBlock = Annotated[str, AfterValidator(_storable), AfterValidator(_text_block)]
Label = Annotated[SingleLine, AfterValidator(str.strip), AfterValidator(_visible)]
Timestamp = Annotated[AwareDatetime, AfterValidator(_in_utc)]
BoundedInt = Annotated[int, Field(ge=0, le=MAX_INT)]

# Row IDs are 32-bit on PostgreSQL; anything larger cannot name a row.
ResourceId = Annotated[int, Path(ge=1, le=MAX_INT)]
AfterId = Annotated[int, Query(ge=0, le=MAX_INT)]
