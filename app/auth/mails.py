"""The mails sign-up sends."""

from urllib.parse import urlencode

from app.config import Settings
from app.mail.sender import Mail


def verification_mail(settings: Settings, *, email: str, name: str, token: str) -> Mail:
    link = (
        settings.public_base_url.rstrip("/")
        + "/auth/verify-email?"
        + urlencode({"token": token})
    )
    hours = settings.verification_ttl_hours
    text = (
        f"Hello {name},\n\n"
        "confirm your email address to finish signing up for asyncdesk:\n\n"
        f"{link}\n\n"
        f"The link works once and expires in {hours:g} hours. If you did not "
        "sign up, ignore this mail.\n"
    )
    return Mail(to=email, subject="Confirm your email address", text=text)
