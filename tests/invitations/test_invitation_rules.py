from datetime import timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from app.db.types import utcnow
from tests.factories import (
    create_code,
    create_coupon,
    create_user,
    login,
    registration,
)

pytestmark = pytest.mark.parametrize(
    "settings_overrides", [{"email_verification": False}]
)


async def sign_up_with(client: httpx.AsyncClient, invitation: str) -> dict[str, Any]:
    response = await client.post(
        "/auth/register", json=registration(invitation_code=invitation)
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


@pytest.mark.parametrize(
    ("code_fields", "reason"),
    [
        ({"is_active": False}, "code_inactive"),
        ({"valid_from": utcnow() + timedelta(days=1)}, "code_not_yet_valid"),
        (
            {
                "valid_from": utcnow() - timedelta(days=2),
                "valid_until": utcnow() - timedelta(days=1),
            },
            "code_expired",
        ),
        ({"max_uses": 0}, "code_exhausted"),
    ],
)
async def test_unusable_codes_are_rejected_with_their_reason(
    app: FastAPI,
    client: httpx.AsyncClient,
    code_fields: dict[str, object],
    reason: str,
) -> None:
    code = await create_code(app, **code_fields)

    body = await sign_up_with(client, code.code)

    assert body["invitation"] == {
        "status": "rejected",
        "reason": reason,
        "inviter_id": None,
    }


async def test_unknown_code(client: httpx.AsyncClient) -> None:
    body = await sign_up_with(client, "does-not-exist")

    assert body["invitation"] == {
        "status": "rejected",
        "reason": "code_not_found",
        "inviter_id": None,
    }


async def test_eight_digits_name_an_inviter(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    inviter = await create_user(app)

    body = await sign_up_with(client, f" {inviter.id} ")
    headers = await login(client, str(body["email"]))
    me = (await client.get("/users/me", headers=headers)).json()

    assert body["invitation"] == {
        "status": "applied",
        "reason": None,
        "inviter_id": inviter.id,
    }
    assert me["inviter_id"] == inviter.id


async def test_unknown_inviter(client: httpx.AsyncClient) -> None:
    body = await sign_up_with(client, "12345678")

    assert body["invitation"] == {
        "status": "rejected",
        "reason": "inviter_not_found",
        "inviter_id": None,
    }


async def test_both_reward_pays_points_and_coupon(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    coupon = await create_coupon(app, name="Free month")
    code = await create_code(
        app, reward_type="both", points_reward=30, coupon_id=coupon.id
    )

    body = await sign_up_with(client, code.code.upper())
    headers = await login(client, str(body["email"]))
    points = (await client.get("/users/me/points", headers=headers)).json()
    coupons = (await client.get("/users/me/coupons", headers=headers)).json()

    assert body["invitation"]["status"] == "applied"
    assert points["balance"] == 30
    assert [(t["amount"], t["balance_after"]) for t in points["transactions"]] == [
        (30, 30)
    ]
    assert [(c["coupon_id"], c["name"], c["source"]) for c in coupons] == [
        (coupon.id, "Free month", "invitation")
    ]


async def test_coupon_only_reward_pays_no_points(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    coupon = await create_coupon(app)
    code = await create_code(app, reward_type="coupon", coupon_id=coupon.id)

    body = await sign_up_with(client, code.code)
    headers = await login(client, str(body["email"]))

    points = (await client.get("/users/me/points", headers=headers)).json()
    coupons = (await client.get("/users/me/coupons", headers=headers)).json()
    assert points == {"balance": 0, "transactions": []}
    assert len(coupons) == 1
