"""A real SMTP server (aiosmtpd) on 127.0.0.1 that keeps what it receives."""

import asyncio
import re
import threading
import time
from email import message_from_bytes
from email.message import Message
from typing import Any

from aiosmtpd.controller import Controller

from tests.net import free_port

LINK_PATTERN = re.compile(r"https?://\S+verify-email\?token=[\w\-]+")


class _Handler:
    def __init__(self, mailbox: "Mailbox") -> None:
        self._mailbox = mailbox

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self._mailbox.deliver(list(envelope.rcpt_tos), envelope.content)
        return "250 Message accepted for delivery"


class Mailbox:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._messages: list[tuple[list[str], Message]] = []
        self.port = free_port()
        self.controller = Controller(
            _Handler(self), hostname="127.0.0.1", port=self.port
        )

    def start(self) -> None:
        self.controller.start()

    def stop(self) -> None:
        self.controller.stop()

    def deliver(self, recipients: list[str], content: bytes) -> None:
        with self._lock:
            self._messages.append((recipients, message_from_bytes(content)))

    def messages_to(self, address: str) -> list[Message]:
        with self._lock:
            return [
                message
                for recipients, message in self._messages
                if address.lower() in (r.lower() for r in recipients)
            ]

    async def wait_for(
        self, address: str, *, count: int = 1, timeout: float = 10.0
    ) -> list[Message]:
        deadline = time.monotonic() + timeout
        while True:
            messages = self.messages_to(address)
            if len(messages) >= count:
                return messages
            if time.monotonic() > deadline:
                raise AssertionError(f"no mail #{count} to {address} in {timeout}s")
            await asyncio.sleep(0.02)

    async def verification_token(self, address: str, *, index: int = -1) -> str:
        messages = await self.wait_for(address, count=max(1, index + 1))
        link = verification_link(messages[index])
        return link.rsplit("token=", 1)[1]


def verification_link(message: Message) -> str:
    body = message.get_payload(decode=True)
    assert isinstance(body, bytes)
    found = LINK_PATTERN.search(body.decode())
    assert found, "the mail carries no verification link"
    return found.group(0)
