"""What arrives at the edge: oversized and unparseable bodies, odd tokens."""

import logging

import httpx
import jwt
import pytest

from app.logging import RedactTokens, configure_logging
from tests.conftest import TEST_SECRET
from tests.factories import registration


async def test_an_oversized_body_is_413_before_parsing(
    client: httpx.AsyncClient,
) -> None:
    body = registration(name="x" * 2_000_000)

    response = await client.post("/auth/register", json=body)

    assert response.status_code == 413
    assert response.json()["detail"]["code"] == "payload_too_large"


@pytest.mark.parametrize(
    "raw", [b'{"name": "\xff\xfe"}', b'{"a": ' + b"1" * 5000 + b"}", b"[" * 5000]
)
async def test_an_unparseable_body_gets_a_coded_400(
    client: httpx.AsyncClient, raw: bytes
) -> None:
    response = await client.post(
        "/auth/register", content=raw, headers={"Content-Type": "application/json"}
    )

    assert response.status_code == 400
    assert response.json()["detail"]["code"] == "bad_request"


async def test_unknown_routes_answer_in_the_error_shape(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get("/no/such/route")

    assert response.status_code == 404
    assert response.json()["detail"]["code"] == "not_found"


@pytest.mark.parametrize("subject", ["\ud800", "01234567", "abc", "123456789", ""])
async def test_signed_tokens_with_a_strange_subject_are_401(
    client: httpx.AsyncClient, subject: str
) -> None:
    token = jwt.encode(
        {"sub": subject, "iat": 1_700_000_000, "exp": 4_000_000_000, "typ": "access"},
        TEST_SECRET,
        algorithm="HS256",
    )

    response = await client.get(
        "/users/me", headers={"Authorization": f"Bearer {token}"}
    )

    assert response.status_code == 401
    assert response.json()["detail"]["code"] == "not_authenticated"


def test_request_lines_in_the_log_hide_tokens() -> None:
    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5000", "GET", "/auth/verify-email?token=s3cr3t&x=1", "1.1", 200),
        None,
    )

    RedactTokens().filter(record)

    assert "s3cr3t" not in record.getMessage()
    assert "token=***&x=1" in record.getMessage()


def test_configured_logging_masks_request_lines_but_not_console_mail(
    capsys: pytest.CaptureFixture[str],
) -> None:
    root = logging.getLogger()
    saved_handlers, saved_level = root.handlers[:], root.level
    access = logging.getLogger("uvicorn.access")
    saved_filters = access.filters[:]
    configure_logging("INFO")

    try:
        access.info(
            '%s - "%s %s HTTP/%s" %d',
            "127.0.0.1:5000",
            "GET",
            "/auth/verify-email?token=from-the-request-line",
            "1.1",
            200,
        )
        logging.getLogger("app.mail.sender").info(
            "mail (console backend)\n%s", "http://x/auth/verify-email?token=in-the-mail"
        )
        logging.getLogger("uvicorn.error").info(
            "Started server process [%d]", 1, extra={"color_message": "\x1b[36m"}
        )
    finally:
        root.handlers[:], root.level = saved_handlers, saved_level
        access.filters[:] = saved_filters
        logging.getLogger("uvicorn.error").filters.clear()

    written = capsys.readouterr().err
    assert "from-the-request-line" not in written
    assert "token=***" in written
    assert "token=in-the-mail" in written
    assert "color_message" not in written
