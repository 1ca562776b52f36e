"""Mail senders: the ``console`` one logs, the ``smtp`` one talks aiosmtplib."""

import logging
import time
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Protocol

import aiosmtplib

from app.config import Settings
from app.logging import mask_email

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    text: str


class MailSender(Protocol):
    async def send(self, mail: Mail) -> None: ...


class ConsoleMailSender:
    """Writes mail to the log, for the embedded default and demos."""

    async def send(self, mail: Mail) -> None:
        logger.info(
            "mail (console backend)\nTo: %s\nSubject: %s\n\n%s",
            mail.to,
            mail.subject,
            mail.text,
        )


class SmtpMailSender:
    def __init__(self, settings: Settings) -> None:
        self._settings = settings

    async def send(self, mail: Mail) -> None:
        settings = self._settings
        message = EmailMessage()
        message["From"] = settings.mail_from
        message["To"] = mail.to
        message["Subject"] = mail.subject
        message.set_content(mail.text)

        password = settings.smtp_password
        started = time.perf_counter()
        await aiosmtplib.send(
            message,
            hostname=settings.smtp_host,
            port=settings.smtp_port,
            username=settings.smtp_user,
            password=password.get_secret_value() if password else None,
            use_tls=settings.smtp_tls == "tls",
            start_tls=settings.smtp_tls == "starttls",
            timeout=settings.smtp_timeout_seconds,
        )
        logger.info(
            "mail sent",
            extra={
                "to": mask_email(mail.to),
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
            },
        )


def build_mail_sender(settings: Settings) -> MailSender:
    if settings.mail_backend == "smtp":
        return SmtpMailSender(settings)
    return ConsoleMailSender()
