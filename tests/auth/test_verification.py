import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select

from app.auth.models import PendingSignup, User
from tests.factories import database_of, expire_pending_sign_up, registration
from tests.mailbox import Mailbox


async def test_expired_link_is_token_expired_and_resend_renews_it(
    app: FastAPI, client: httpx.AsyncClient, mailbox: Mailbox
) -> None:
    body = registration()
    email = str(body["email"])
    await client.post("/auth/register", json=body)
    old_token = await mailbox.verification_token(email)
    await expire_pending_sign_up(app, email)

    expired = await client.get("/auth/verify-email", params={"token": old_token})
    resent = await client.post("/auth/resend-verification", json={"email": email})
    new_token = await mailbox.verification_token(email, index=1)
    old_again = await client.get("/auth/verify-email", params={"token": old_token})
    verified = await client.get("/auth/verify-email", params={"token": new_token})

    assert expired.status_code == 400
    assert expired.json()["detail"]["code"] == "token_expired"
    assert resent.status_code == 202
    assert old_again.json()["detail"]["code"] == "token_invalid"
    assert verified.status_code == 200


async def test_resend_for_unknown_email_looks_the_same_and_sends_nothing(
    client: httpx.AsyncClient, mailbox: Mailbox
) -> None:
    response = await client.post(
        "/auth/resend-verification", json={"email": "ghost@example.com"}
    )

    assert response.status_code == 202
    assert response.json() == {"status": "accepted"}
    assert mailbox.messages_to("ghost@example.com") == []


async def test_used_link_is_token_invalid(
    client: httpx.AsyncClient, mailbox: Mailbox
) -> None:
    body = registration()
    await client.post("/auth/register", json=body)
    token = await mailbox.verification_token(str(body["email"]))

    first = await client.get("/auth/verify-email", params={"token": token})
    second = await client.get("/auth/verify-email", params={"token": token})

    assert first.status_code == 200
    assert second.status_code == 400
    assert second.json()["detail"]["code"] == "token_invalid"


@pytest.mark.parametrize("settings_overrides", [{"smtp_port": 9}])
async def test_mail_failure_keeps_the_pending_sign_up_and_resend_works(
    app: FastAPI, client: httpx.AsyncClient, mailbox: Mailbox
) -> None:
    body = registration()
    email = str(body["email"])

    response = await client.post("/auth/register", json=body)
    await app.state.background.drain()
    database = database_of(app)
    async with database.transaction() as session:
        pending = await session.scalar(select(func.count()).select_from(PendingSignup))
    app.state.settings.smtp_port = mailbox.port
    resent = await client.post("/auth/resend-verification", json={"email": email})
    token = await mailbox.verification_token(email)
    verified = await client.get("/auth/verify-email", params={"token": token})

    assert response.status_code == 201
    assert pending == 1
    assert resent.status_code == 202
    assert verified.status_code == 200
    async with database.transaction() as session:
        assert await session.scalar(select(func.count()).select_from(User)) == 1
