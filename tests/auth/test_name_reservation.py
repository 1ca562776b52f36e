"""A pending sign-up holds its name until it expires, and never blocks itself."""

import asyncio
from collections import Counter

import httpx
from fastapi import FastAPI

from tests.factories import expire_pending_sign_up, registration
from tests.mailbox import Mailbox


async def test_an_expired_sign_up_gives_its_name_up(
    app: FastAPI, client: httpx.AsyncClient, mailbox: Mailbox
) -> None:
    first = registration(name="Shared Name")
    second = registration(name="sHARED nAME")
    await client.post("/auth/register", json=first)
    await expire_pending_sign_up(app, str(first["email"]))

    taken_over = await client.post("/auth/register", json=second)
    resent = await client.post(
        "/auth/resend-verification", json={"email": first["email"]}
    )
    second_token = await mailbox.verification_token(str(second["email"]))
    verified = await client.get("/auth/verify-email", params={"token": second_token})
    await app.state.background.drain()

    assert taken_over.status_code == 201
    assert resent.status_code == 202
    assert len(mailbox.messages_to(str(first["email"]))) == 1
    assert verified.status_code == 200


async def test_one_name_registered_at_once_by_many_emails_goes_to_one(
    client: httpx.AsyncClient, mailbox: Mailbox
) -> None:
    bodies = [
        registration(name="Race Name" if i % 2 else "race name") for i in range(10)
    ]

    responses = await asyncio.gather(
        *(client.post("/auth/register", json=body) for body in bodies)
    )
    [winner] = [
        b for b, r in zip(bodies, responses, strict=True) if r.status_code == 201
    ]
    token = await mailbox.verification_token(str(winner["email"]))
    verified = await client.get("/auth/verify-email", params={"token": token})

    assert Counter(r.status_code for r in responses) == {201: 1, 409: 9}
    assert {r.json()["detail"]["code"] for r in responses if r.status_code == 409} == {
        "name_taken"
    }
    assert verified.status_code == 200


async def test_verification_reports_an_invitation_refused_at_sign_up(
    client: httpx.AsyncClient, mailbox: Mailbox
) -> None:
    body = registration(invitation_code="NOT-A-CODE")
    await client.post("/auth/register", json=body)
    token = await mailbox.verification_token(str(body["email"]))

    verified = await client.get("/auth/verify-email", params={"token": token})

    assert verified.json()["invitation"] == {
        "status": "rejected",
        "reason": "code_not_found",
        "inviter_id": None,
    }
