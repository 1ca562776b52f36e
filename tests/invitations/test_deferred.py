import httpx
from fastapi import FastAPI

from app.invitations.models import InvitationCode
from tests.factories import create_code, create_user, database_of, login, registration
from tests.mailbox import Mailbox


async def test_code_revalidated_at_verification(
    app: FastAPI, client: httpx.AsyncClient, mailbox: Mailbox
) -> None:
    code = await create_code(app)
    body = registration(invitation_code=code.code)
    registered = await client.post("/auth/register", json=body)
    database = database_of(app)
    async with database.transaction() as session:
        stored = await session.get(InvitationCode, code.id)
        assert stored is not None
        stored.is_active = False
    token = await mailbox.verification_token(str(body["email"]))

    verified = await client.get("/auth/verify-email", params={"token": token})

    assert registered.json()["invitation"]["status"] == "deferred"
    assert verified.status_code == 200
    assert verified.json()["invitation"] == {
        "status": "rejected",
        "reason": "code_inactive",
        "inviter_id": None,
    }


async def test_inviter_recorded_at_verification(
    app: FastAPI, client: httpx.AsyncClient, mailbox: Mailbox
) -> None:
    inviter = await create_user(app)
    body = registration(invitation_code=inviter.id)

    registered = await client.post("/auth/register", json=body)
    token = await mailbox.verification_token(str(body["email"]))
    verified = await client.get("/auth/verify-email", params={"token": token})
    me = await client.get("/users/me", headers=await login(client, str(body["email"])))

    assert registered.json()["invitation"] == {
        "status": "deferred",
        "reason": None,
        "inviter_id": inviter.id,
    }
    assert verified.json()["invitation"]["status"] == "applied"
    assert me.json()["inviter_id"] == inviter.id
