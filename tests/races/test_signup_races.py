"""Races that really race: many requests at once, exact outcomes asserted."""

import asyncio
from collections import Counter

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select

from app.auth.models import PendingSignup, User
from app.invitations.models import InvitationCode, InvitationUsage
from app.rewards.models import PointsTransaction
from tests.factories import create_code, registration, scalar_int
from tests.mailbox import Mailbox

SIGN_UPS = 40
MAX_USES = 10
REWARD = 50


async def assert_code_paid_exactly(app: FastAPI, code_id: int, paid: int) -> None:
    usages = await scalar_int(
        app,
        select(func.count())
        .select_from(InvitationUsage)
        .where(InvitationUsage.invitation_code_id == code_id),
    )
    used_count = await scalar_int(
        app, select(InvitationCode.used_count).where(InvitationCode.id == code_id)
    )
    ledger_total = await scalar_int(app, select(func.sum(PointsTransaction.amount)))
    balances = await scalar_int(app, select(func.sum(User.points_balance)))

    assert usages == paid
    assert used_count == paid
    assert ledger_total == paid * REWARD
    assert balances == paid * REWARD


@pytest.mark.parametrize("settings_overrides", [{"email_verification": False}])
async def test_max_uses_holds_when_paid_at_sign_up(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    code = await create_code(app, max_uses=MAX_USES, points_reward=REWARD)
    bodies = [registration(invitation_code=code.code) for _ in range(SIGN_UPS)]

    responses = await asyncio.gather(
        *(client.post("/auth/register", json=body) for body in bodies)
    )

    assert [r.status_code for r in responses] == [201] * SIGN_UPS
    outcomes = Counter(
        (r.json()["invitation"]["status"], r.json()["invitation"]["reason"])
        for r in responses
    )
    assert outcomes == {
        ("applied", None): MAX_USES,
        ("rejected", "code_exhausted"): SIGN_UPS - MAX_USES,
    }
    await assert_code_paid_exactly(app, code.id, MAX_USES)


async def test_max_uses_holds_when_paid_at_verification(
    app: FastAPI, client: httpx.AsyncClient, mailbox: Mailbox
) -> None:
    code = await create_code(app, max_uses=MAX_USES, points_reward=REWARD)
    bodies = [registration(invitation_code=code.code) for _ in range(SIGN_UPS)]
    registered = await asyncio.gather(
        *(client.post("/auth/register", json=body) for body in bodies)
    )
    tokens = await asyncio.gather(
        *(mailbox.verification_token(str(body["email"])) for body in bodies)
    )

    verified = await asyncio.gather(
        *(client.get("/auth/verify-email", params={"token": t}) for t in tokens)
    )

    assert {r.json()["invitation"]["status"] for r in registered} == {"deferred"}
    assert [r.status_code for r in verified] == [200] * SIGN_UPS
    outcomes = Counter(
        (r.json()["invitation"]["status"], r.json()["invitation"]["reason"])
        for r in verified
    )
    assert outcomes == {
        ("applied", None): MAX_USES,
        ("rejected", "code_exhausted"): SIGN_UPS - MAX_USES,
    }
    await assert_code_paid_exactly(app, code.id, MAX_USES)


async def test_one_link_clicked_ten_times_at_once_verifies_once(
    app: FastAPI, client: httpx.AsyncClient, mailbox: Mailbox
) -> None:
    code = await create_code(app, points_reward=REWARD)
    body = registration(invitation_code=code.code)
    await client.post("/auth/register", json=body)
    token = await mailbox.verification_token(str(body["email"]))

    clicks = await asyncio.gather(
        *(client.get("/auth/verify-email", params={"token": token}) for _ in range(10))
    )

    assert sorted(r.status_code for r in clicks) == [200] + [400] * 9
    assert {r.json()["detail"]["code"] for r in clicks if r.status_code == 400} == {
        "token_invalid"
    }
    assert await scalar_int(app, select(func.count()).select_from(User)) == 1
    await assert_code_paid_exactly(app, code.id, 1)


async def test_same_email_registered_concurrently_leaves_one_pending_sign_up(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    body = registration()
    variants = [
        {**body, "email": str(body["email"]).upper() if i % 2 else body["email"]}
        for i in range(10)
    ]

    responses = await asyncio.gather(
        *(client.post("/auth/register", json=variant) for variant in variants)
    )

    assert [r.status_code for r in responses] == [201] * 10
    assert await scalar_int(app, select(func.count()).select_from(PendingSignup)) == 1


@pytest.mark.parametrize("settings_overrides", [{"email_verification": False}])
async def test_same_email_created_concurrently_gives_one_user_and_409s(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    body = registration()
    variants = [
        {
            **body,
            "email": str(body["email"]).upper() if i % 2 else body["email"],
            "name": f"{body['name']}{i}",
        }
        for i in range(10)
    ]

    responses = await asyncio.gather(
        *(client.post("/auth/register", json=variant) for variant in variants)
    )

    statuses = Counter(r.status_code for r in responses)
    assert statuses == {201: 1, 409: 9}
    assert {r.json()["detail"]["code"] for r in responses if r.status_code == 409} == {
        "email_taken"
    }
    assert await scalar_int(app, select(func.count()).select_from(User)) == 1
