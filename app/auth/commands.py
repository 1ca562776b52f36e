"""Operator commands on accounts."""

from email_validator import EmailNotValidError, validate_email

from app.auth.accounts import add_user, normalize_email
from app.auth.errors import InvalidEmail
from app.auth.models import Role
from app.auth.rules import check_password, clean_name
from app.auth.security import PasswordHasher
from app.auth.service import ensure_available
from app.background import BackgroundTasks
from app.config import Settings
from app.db.engine import create_engine
from app.db.session import Database


async def create_user(
    settings: Settings, *, email: str, name: str, password: str, role: str
) -> str:
    """Create a verified account and return its ID.

    The same rules as sign-up apply, except that staff may take reserved
    names.
    """
    address = _valid_email(email)
    display_name = clean_name(name, allow_reserved=True)
    check_password(password, email=address, name=display_name)

    database = Database(create_engine(settings.database_url), BackgroundTasks())
    hasher = PasswordHasher(
        time_cost=settings.password_hash_time_cost,
        memory_kib=settings.password_hash_memory_kib,
        parallelism=settings.password_hash_parallelism,
        workers=1,
    )
    try:
        password_hash = await hasher.hash(password)
        async with database.transaction() as session:
            await ensure_available(session, address, display_name)
            user = await add_user(
                session,
                email=address,
                name=display_name,
                password_hash=password_hash,
                role=Role(role),
            )
        return user.id
    finally:
        hasher.close()
        await database.dispose()


def _valid_email(raw: str) -> str:
    try:
        checked = validate_email(raw.strip(), check_deliverability=False)
    except EmailNotValidError as error:
        raise InvalidEmail(str(error)) from error
    return normalize_email(checked.normalized)
