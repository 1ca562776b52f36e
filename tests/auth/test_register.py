import httpx
import pytest
from fastapi import FastAPI

from app.auth.models import PendingSignup, User
from tests.factories import (
    DEFAULT_PASSWORD,
    count_rows,
    create_code,
    create_user,
    login,
    registration,
)
from tests.mailbox import Mailbox


async def test_register_with_verification_creates_pending_and_mails_link(
    app: FastAPI, client: httpx.AsyncClient, mailbox: Mailbox
) -> None:
    body = registration()

    response = await client.post("/auth/register", json=body)

    assert response.status_code == 201
    assert response.json() == {
        "email": body["email"],
        "verification_required": True,
        "user_id": None,
        "invitation": {"status": "none", "reason": None, "inviter_id": None},
    }
    assert await count_rows(app, User) == 0
    assert await count_rows(app, PendingSignup) == 1
    token = await mailbox.verification_token(str(body["email"]))
    assert len(token) >= 43


async def test_full_sign_up_flow_verify_login_me(
    app: FastAPI, client: httpx.AsyncClient, mailbox: Mailbox
) -> None:
    body = registration(email="  Mixed.Case@Example.COM ")
    await client.post("/auth/register", json=body)
    token = await mailbox.verification_token("mixed.case@example.com")

    verified = await client.get("/auth/verify-email", params={"token": token})
    headers = await login(client, "MIXED.case@example.com")
    me = await client.get("/users/me", headers=headers)

    assert verified.status_code == 200
    user_id = verified.json()["user_id"]
    assert len(user_id) == 8
    assert user_id.isdigit()
    assert user_id[0] != "0"
    assert me.json()["id"] == user_id
    assert me.json()["email"] == "mixed.case@example.com"
    assert me.json()["is_verified"] is True
    assert me.json()["points_balance"] == 0
    assert await count_rows(app, PendingSignup) == 0


@pytest.mark.parametrize("settings_overrides", [{"email_verification": False}])
async def test_register_without_verification_creates_user_at_once(
    app: FastAPI, client: httpx.AsyncClient, mailbox: Mailbox
) -> None:
    body = registration()

    response = await client.post("/auth/register", json=body)
    headers = await login(client, str(body["email"]))

    assert response.status_code == 201
    assert response.json()["verification_required"] is False
    assert response.json()["user_id"] is not None
    assert (await client.get("/users/me", headers=headers)).status_code == 200
    assert mailbox.messages_to(str(body["email"])) == []


async def test_registering_a_pending_email_again_replaces_it(
    app: FastAPI, client: httpx.AsyncClient, mailbox: Mailbox
) -> None:
    body = registration()
    await client.post("/auth/register", json=body)
    first_token = await mailbox.verification_token(str(body["email"]))

    again = await client.post(
        "/auth/register", json={**body, "password": "Another-pass-9"}
    )
    second_token = await mailbox.verification_token(str(body["email"]), index=1)
    stale = await client.get("/auth/verify-email", params={"token": first_token})
    fresh = await client.get("/auth/verify-email", params={"token": second_token})

    assert again.status_code == 201
    assert stale.status_code == 400
    assert stale.json()["detail"]["code"] == "token_invalid"
    assert fresh.status_code == 200
    assert await count_rows(app, PendingSignup) == 0
    await login(client, str(body["email"]), "Another-pass-9")


async def test_email_taken(app: FastAPI, client: httpx.AsyncClient) -> None:
    user = await create_user(app)

    response = await client.post(
        "/auth/register", json=registration(email=user.email.upper())
    )

    assert response.status_code == 409
    assert response.json()["detail"]["code"] == "email_taken"


async def test_name_taken_is_case_insensitive(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    user = await create_user(app, name="Alice Smith")

    response = await client.post(
        "/auth/register", json=registration(name="alice SMITH")
    )

    assert user.name == "Alice Smith"
    assert response.status_code == 409
    assert response.json()["detail"]["code"] == "name_taken"


async def test_name_held_by_another_pending_sign_up_is_taken(
    client: httpx.AsyncClient,
) -> None:
    await client.post("/auth/register", json=registration(name="Bob Builder"))

    response = await client.post(
        "/auth/register", json=registration(name="bob builder")
    )

    assert response.status_code == 409
    assert response.json()["detail"]["code"] == "name_taken"


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"agreed_to_terms": False}, "terms_not_accepted"),
        ({"name": "Admin"}, "reserved_name"),
        ({"name": "support_01"}, "reserved_name"),
        ({"name": "x"}, "invalid_name"),
        ({"name": "no<tags>"}, "invalid_name"),
        ({"password": "short1"}, "weak_password"),
    ],
)
async def test_rejected_sign_ups(
    app: FastAPI,
    client: httpx.AsyncClient,
    overrides: dict[str, object],
    code: str,
) -> None:
    response = await client.post("/auth/register", json=registration(**overrides))

    assert response.status_code == 422
    assert response.json()["detail"]["code"] == code
    assert await count_rows(app, PendingSignup) == 0


async def test_weak_password_lists_every_failed_rule(client: httpx.AsyncClient) -> None:
    response = await client.post("/auth/register", json=registration(password="abc"))

    message = response.json()["detail"]["message"]
    assert response.status_code == 422
    assert "at least 8 characters" in message
    assert "at least one digit" in message


async def test_invalid_invitation_never_blocks_sign_up(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post(
        "/auth/register", json=registration(invitation_code="NO-SUCH-CODE")
    )

    assert response.status_code == 201
    assert response.json()["invitation"] == {
        "status": "rejected",
        "reason": "code_not_found",
        "inviter_id": None,
    }


async def test_valid_code_is_deferred_until_verification(
    app: FastAPI, client: httpx.AsyncClient, mailbox: Mailbox
) -> None:
    code = await create_code(app, points_reward=250)
    body = registration(invitation_code=f"  {code.code.lower()} ")

    response = await client.post("/auth/register", json=body)
    token = await mailbox.verification_token(str(body["email"]))
    verified = await client.get("/auth/verify-email", params={"token": token})
    headers = await login(client, str(body["email"]), DEFAULT_PASSWORD)
    points = await client.get("/users/me/points", headers=headers)

    assert response.json()["invitation"]["status"] == "deferred"
    assert verified.json()["invitation"]["status"] == "applied"
    assert points.json()["balance"] == 250
    assert [t["amount"] for t in points.json()["transactions"]] == [250]
    assert points.json()["transactions"][0]["balance_after"] == 250
