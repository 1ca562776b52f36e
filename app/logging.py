"""Logging set-up: one line per record with its structured context."""

import logging
from typing import Any

_STANDARD_ATTRIBUTES = set(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {
    "message",
    "asctime",
    "taskName",
}


class ContextFormatter(logging.Formatter):
    """Appends the ``extra={...}`` fields of a record as ``key=value`` pairs."""

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        context = {
            key: value
            for key, value in record.__dict__.items()
            if key not in _STANDARD_ATTRIBUTES and not key.startswith("_")
        }
        if not context:
            return line
        pairs = " ".join(f"{key}={_render(value)}" for key, value in context.items())
        return f"{line} {pairs}"


def _render(value: Any) -> str:
    text = str(value)
    return repr(text) if " " in text else text


def configure_logging(level: str = "INFO") -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(
        ContextFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())


def mask_email(email: str) -> str:
    """Enough of an address to correlate log lines, not to read it."""
    local, _, domain = email.partition("@")
    return f"{local[:1]}***@{domain}" if domain else "***"
