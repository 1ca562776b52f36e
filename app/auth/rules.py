"""What a name and a password must look like."""

import re
import unicodedata

from app.auth.accounts import name_key
from app.auth.errors import InvalidName, ReservedName, WeakPassword

NAME_MIN_LENGTH = 2
NAME_MAX_LENGTH = 32
PASSWORD_MIN_LENGTH = 8
PASSWORD_MAX_LENGTH = 128
_NAME_PUNCTUATION = set(" _-.'")
RESERVED_NAMES = frozenset(
    {
        "admin",
        "administrator",
        "root",
        "system",
        "support",
        "help",
        "helpdesk",
        "staff",
        "moderator",
        "agent",
        "asyncdesk",
        "official",
        "security",
        "null",
        "undefined",
    }
)


def clean_name(raw: str, *, allow_reserved: bool = False) -> str:
    """The trimmed display name, or an error saying what is wrong with it.

    Operators creating staff accounts may use reserved names ("Support").
    """
    name = unicodedata.normalize("NFC", " ".join(raw.split()))

    if not NAME_MIN_LENGTH <= len(name) <= NAME_MAX_LENGTH:
        raise InvalidName(
            f"The name must be {NAME_MIN_LENGTH} to {NAME_MAX_LENGTH} characters."
        )
    if not all(_allowed_in_name(char) for char in name):
        raise InvalidName("The name may hold letters, digits, spaces and _ - . ' only.")
    if not any(char.isalnum() for char in name):
        raise InvalidName("The name needs at least one letter or digit.")
    if not allow_reserved and _name_root(name) in RESERVED_NAMES:
        raise ReservedName()
    return name


def _allowed_in_name(char: str) -> bool:
    return char.isalnum() or char in _NAME_PUNCTUATION


def _name_root(name: str) -> str:
    return re.sub(r"[\s_\-.'\d]+", "", name_key(name))


def check_password(password: str, *, email: str, name: str) -> None:
    """Raise one error that lists every rule the password breaks."""
    failures = []
    if len(password) < PASSWORD_MIN_LENGTH:
        failures.append(f"at least {PASSWORD_MIN_LENGTH} characters")
    if len(password) > PASSWORD_MAX_LENGTH:
        failures.append(f"at most {PASSWORD_MAX_LENGTH} characters")
    if not any(char.isalpha() for char in password):
        failures.append("at least one letter")
    if not any(char.isdigit() for char in password):
        failures.append("at least one digit")
    if password.strip() != password or not password.isprintable():
        failures.append("no leading or trailing spaces and no control characters")
    lowered = password.casefold()
    if lowered in {email.casefold(), email.split("@")[0].casefold(), name_key(name)}:
        failures.append("to differ from the email and the name")

    if failures:
        raise WeakPassword("The password needs: " + "; ".join(failures) + ".")
