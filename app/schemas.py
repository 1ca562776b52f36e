"""Field types shared by request bodies.

Text that reaches the database must be storable everywhere: PostgreSQL
rejects NUL characters and lone surrogates cannot be encoded, so both are
refused at the edge with a 422 instead of failing as a 500 deep inside.
"""

import unicodedata
from typing import Annotated

from pydantic import AfterValidator, AwareDatetime, Field

MAX_INT = 2_000_000_000


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


StorableText = Annotated[str, AfterValidator(_storable)]
SingleLine = Annotated[str, AfterValidator(_storable), AfterValidator(_single_line)]
Timestamp = AwareDatetime
BoundedInt = Annotated[int, Field(ge=0, le=MAX_INT)]
