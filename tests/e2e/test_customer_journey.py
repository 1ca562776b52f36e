"""The whole product over HTTP and WebSockets against a real server process.

Sign-up with an invitation code, verification by mail, the reward, then two
support chats that go silent: the first after the agent spoke
(``user_inactive``), the second after the user spoke (``service_inactive``).
"""

import uuid
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from tests.e2e.conftest import Server
from tests.mailbox import Mailbox, verification_link
from tests.realtime.client import EventClient

pytestmark = pytest.mark.e2e

PASSWORD = "Correct-horse-battery-9"
POINTS_REWARD = 50
# Timeout 4 s with jobs every second: a silent chat ends within about 6 s.
SILENCE_TIMEOUT = 15.0


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def login(http: httpx.AsyncClient, email: str) -> str:
    response = await http.post(
        "/auth/login", data={"username": email, "password": PASSWORD}
    )
    assert response.status_code == 200, response.text
    token: str = response.json()["access_token"]
    return token


async def create_invitation(http: httpx.AsyncClient, admin_token: str) -> str:
    coupon = await http.post(
        "/admin/coupons",
        json={
            "name": "Welcome",
            "description": "Ten off",
            "value": "10.00",
            "valid_until": None,
        },
        headers=bearer(admin_token),
    )
    assert coupon.status_code == 201, coupon.text
    code = f"WELCOME-{uuid.uuid4().hex[:6].upper()}"
    invitation = await http.post(
        "/admin/invitation-codes",
        json={
            "code": code,
            "reward_type": "both",
            "points_reward": POINTS_REWARD,
            "coupon_id": coupon.json()["id"],
            "max_uses": 10,
        },
        headers=bearer(admin_token),
    )
    assert invitation.status_code == 201, invitation.text
    return code


async def sign_up(
    http: httpx.AsyncClient, mailbox: Mailbox, email: str, code: str
) -> str:
    """Register with ``code`` (in lower case), verify by mail; the user's token."""
    registered = await http.post(
        "/auth/register",
        json={
            "email": email,
            "name": f"cust{uuid.uuid4().hex[:8]}",
            "password": PASSWORD,
            "agreed_to_terms": True,
            "invitation_code": code.lower(),
        },
    )
    assert registered.status_code == 201, registered.text
    assert registered.json()["verification_required"] is True
    assert registered.json()["invitation"]["status"] == "deferred"

    [message] = await mailbox.wait_for(email)
    verified = await http.get(verification_link(message))
    assert verified.status_code == 200, verified.text
    return await login(http, email)


async def chat_until_silence(
    http: httpx.AsyncClient,
    user: EventClient,
    agent: EventClient,
    tokens: dict[str, str],
    last_word: str,
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Join, exchange messages (``last_word`` speaks last), wait for the end."""
    joined = await http.post("/support/chats", headers=bearer(tokens["user"]))
    assert joined.status_code == 201, joined.text
    assert joined.json()["status"] == "waiting"

    assigned = await user.next_event("chat_assigned")
    assert (await agent.next_event("chat_assigned"))["chat_id"] == assigned["chat_id"]
    chat_id = assigned["chat_id"]
    path = f"/support/chats/{chat_id}/messages"

    speakers = ["agent", "user"] if last_word == "user" else ["user", "agent"]
    for speaker in speakers:
        listener = agent if speaker == "user" else user
        sent = await http.post(
            path,
            json={"content": f"hello from the {speaker}"},
            headers=bearer(tokens[speaker]),
        )
        assert sent.status_code == 201, sent.text
        pushed = await listener.next_event("chat_message", where=sent_by(speaker))
        assert pushed["message"]["content"] == f"hello from the {speaker}"

    until_end = await user.collect_until("chat_ended", timeout=SILENCE_TIMEOUT)
    agent_end = await agent.next_event("chat_ended")
    assert agent_end["chat_id"] == chat_id
    return assigned, until_end


def sent_by(role: str) -> Callable[[dict[str, Any]], bool]:
    def match(event: dict[str, Any]) -> bool:
        return bool(event["message"]["sender_role"] == role)

    return match


def warnings_in(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [e for e in events if e["type"] == "notification_created"]


async def test_sign_up_reward_and_support_chats(
    server: Server, mailbox: Mailbox
) -> None:
    admin_email = f"admin-{uuid.uuid4().hex[:8]}@example.com"
    agent_email = f"agent-{uuid.uuid4().hex[:8]}@example.com"
    user_email = f"user-{uuid.uuid4().hex[:8]}@example.com"
    await server.cli(
        "create-user", "--email", admin_email, "--name", "admin1",
        "--password", PASSWORD, "--role", "admin",
    )  # fmt: skip
    await server.cli(
        "create-user", "--email", agent_email, "--name", "agent1",
        "--password", PASSWORD, "--role", "agent",
    )  # fmt: skip

    async with httpx.AsyncClient(base_url=server.base_url, timeout=10) as http:
        code = await create_invitation(http, await login(http, admin_email))
        tokens = {
            "user": await sign_up(http, mailbox, user_email, code),
            "agent": await login(http, agent_email),
        }

        points = await http.get("/users/me/points", headers=bearer(tokens["user"]))
        assert points.status_code == 200
        assert points.json()["balance"] == POINTS_REWARD

        async with (
            EventClient(f"{server.ws_url}/ws?token={tokens['user']}") as user,
            EventClient(f"{server.ws_url}/ws?token={tokens['agent']}") as agent,
        ):
            online = await http.put(
                "/support/agents/me/status",
                json={"online": True},
                headers=bearer(tokens["agent"]),
            )
            assert online.status_code == 200

            first, first_events = await chat_until_silence(
                http, user, agent, tokens, last_word="agent"
            )
            second, second_events = await chat_until_silence(
                http, user, agent, tokens, last_word="user"
            )

        listed = await http.get("/notifications", headers=bearer(tokens["user"]))

    [first_warning] = warnings_in(first_events)
    assert first_warning["notification_type"] == "chat_timeout_warning"
    assert first_warning["chat_id"] == first["chat_id"]
    assert first_events[-1]["ended_type"] == "user_inactive"
    assert first_events[-1]["reason"] == "timeout"

    [second_warning] = warnings_in(second_events)
    assert second_warning["chat_id"] == second["chat_id"]
    assert second_events[-1]["ended_type"] == "service_inactive"

    assert listed.status_code == 200
    assert sorted(n["id"] for n in listed.json()) == sorted(
        [first_warning["notification_id"], second_warning["notification_id"]]
    )
    assert {n["notification_type"] for n in listed.json()} == {"chat_timeout_warning"}
