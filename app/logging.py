"""Logging set-up: one line per record with its structured context."""

import logging
import re
from typing import Any

_SECRET_QUERY = re.compile(r"(token=)[^&\s\"]+")

_STANDARD_ATTRIBUTES = set(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {
    "message",
    "asctime",
    "taskName",
    # uvicorn's copy of its message with terminal colours.
    "color_message",
}
# uvicorn writes request lines (HTTP and WebSocket, with their query strings)
# through these.
REQUEST_LINE_LOGGERS = ("uvicorn.access", "uvicorn.error")


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


class RedactTokens(logging.Filter):
    """Masks ``token=...`` in request lines (verification links, sockets).

    Only on the server's request-line loggers: the console mail backend must
    still show the link it exists to show.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(
                _SECRET_QUERY.sub(r"\1***", arg) if isinstance(arg, str) else arg
                for arg in record.args
            )
        return True


def configure_logging(level: str = "INFO") -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(
        ContextFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    )
    for name in REQUEST_LINE_LOGGERS:
        logging.getLogger(name).addFilter(RedactTokens())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())


def mask_email(email: str) -> str:
    """Enough of an address to correlate log lines, not to read it."""
    local, _, domain = email.partition("@")
    return f"{local[:1]}***@{domain}" if domain else "***"
