"""Every field of the sign-up body, tried with values a client should not send.

Each answer is a 4xx with a stable code (a domain ``code`` or FastAPI's
validation ``type``), and nothing already stored is lost or changed.
"""

import json
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from app.auth.models import PendingSignup
from tests.factories import count_rows, registration

BAD_VALUES: dict[str, list[Any]] = {
    "email": [
        None,
        123,
        True,
        [],
        {},
        "",
        " ",
        "not-an-email",
        "a@",
        "@b.com",
        "a" * 250 + "@example.com",
        "x@" + "d" * 300 + ".com",
        "null\x00@example.com",
        "\ud800@example.com",
        "spaces in@example.com",
    ],
    "name": [
        None,
        42,
        False,
        [],
        "",
        "   ",
        "a",
        "n" * 33,
        "n" * 10_000,
        "tab\tname",
        "nul\x00name",
        "\ud800name",
        "<script>",
        "Admin",
        "ROOT",
        "😀😀😀",
        "...",
    ],
    "password": [
        None,
        12345678,
        [],
        "",
        "short1",
        "onlyletters",
        "1234567890",
        "p" * 129 + "1",
        "x1" * 5000,
        "Tab\tpass1word",
        " leading-space-1",
    ],
    "agreed_to_terms": [None, False, "yes", "true", 1, 0, [], {}],
    "invitation_code": [42, [], {}, "x" * 300, "nul\x00code", "\ud800"],
}


def _cases() -> list[tuple[str, Any]]:
    return [(field, value) for field, values in BAD_VALUES.items() for value in values]


def _error_codes(body: dict[str, Any]) -> list[str]:
    detail = body["detail"]
    if isinstance(detail, dict):
        return [detail["code"]]
    return [item["type"] for item in detail]


@pytest.mark.parametrize(("field", "value"), _cases())
async def test_bad_field_gets_a_coded_4xx_and_stores_nothing(
    app: FastAPI, client: httpx.AsyncClient, field: str, value: Any
) -> None:
    existing = registration()
    assert (await client.post("/auth/register", json=existing)).status_code == 201
    body = json.dumps(registration(**{field: value}))

    response = await client.post(
        "/auth/register", content=body, headers={"Content-Type": "application/json"}
    )

    assert 400 <= response.status_code < 500, response.text
    codes = _error_codes(response.json())
    assert codes
    assert all(code and code.replace("_", "").isalnum() for code in codes)
    assert await count_rows(app, PendingSignup) == 1


async def test_invalid_codes_in_invitation_field_never_block_sign_up(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post(
        "/auth/register", json=registration(invitation_code="  \u00e9t\u00e9-2027 ")
    )

    assert response.status_code == 201
    assert response.json()["invitation"]["reason"] == "code_not_found"


@pytest.mark.parametrize(
    "raw",
    [b"", b"{", b"[]", b"null", b'"text"', b"\xff\xfe", b'{"email": 1e999}'],
)
async def test_malformed_bodies_are_422(client: httpx.AsyncClient, raw: bytes) -> None:
    response = await client.post(
        "/auth/register", content=raw, headers={"Content-Type": "application/json"}
    )

    assert response.status_code == 422


@pytest.mark.parametrize(
    "token", ["", "x", "a" * 300, "\x00", "' OR 1=1 --", "%00", "é" * 40]
)
async def test_bad_verification_tokens_are_token_invalid(
    client: httpx.AsyncClient, token: str
) -> None:
    response = await client.get("/auth/verify-email", params={"token": token})

    assert response.status_code == 400
    assert response.json()["detail"]["code"] == "token_invalid"


@pytest.mark.parametrize(
    "form",
    [
        b"username=&password=x",
        b"username=%00&password=pw",
        b"username=" + b"a" * 5000 + b"&password=pw",
        b"username=%C3%A9%40%C3%A9&password=%ED%A0%80",
        b"username=%FF%FE&password=%FF",
        b"username=a%40b&password=",
        b"password=only",
        b"\xff\xfe\x00",
    ],
)
async def test_bad_logins_are_4xx(client: httpx.AsyncClient, form: bytes) -> None:
    response = await client.post(
        "/auth/login",
        content=form,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )

    assert response.status_code in (401, 422)


@pytest.mark.parametrize("email", ["", "\x00", "\ud800", "a" * 2000, 5, None])
async def test_resend_never_errors_or_enumerates(
    client: httpx.AsyncClient, email: object
) -> None:
    response = await client.post(
        "/auth/resend-verification",
        content=json.dumps({"email": email}),
        headers={"Content-Type": "application/json"},
    )

    assert response.status_code in (202, 422)
