import httpx
from fastapi import FastAPI

from app.auth.models import Role
from tests.factories import create_user_and_login
from tests.support.factories import agent_profile, create_agent, eventually


async def current_status(client: httpx.AsyncClient, headers: dict[str, str]) -> str:
    response = await client.get("/support/chats/current", headers=headers)
    assert response.status_code == 200
    status: str = response.json()["status"]
    return status


async def test_joining_puts_the_user_in_line(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    _, first = await create_user_and_login(app, client)
    _, second = await create_user_and_login(app, client)

    await client.post("/support/chats", headers=first)
    response = await client.post("/support/chats", headers=second)

    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "waiting"
    assert body["position"] == 2
    assert isinstance(body["queue_id"], int)
    current = await client.get("/support/chats/current", headers=second)
    assert current.json()["queue"]["position"] == 2


async def test_joining_twice_is_already_queued(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    _, headers = await create_user_and_login(app, client)

    await client.post("/support/chats", headers=headers)
    response = await client.post("/support/chats", headers=headers)

    assert response.status_code == 409
    assert response.json()["detail"]["code"] == "already_queued"


async def test_only_users_join(app: FastAPI, client: httpx.AsyncClient) -> None:
    _, headers = await create_user_and_login(app, client, role=Role.AGENT)

    response = await client.post("/support/chats", headers=headers)

    assert response.status_code == 403
    assert response.json()["detail"]["code"] == "forbidden"


async def test_joining_with_an_agent_online_assigns_at_once(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    agent = await create_agent(app)
    user, headers = await create_user_and_login(app, client)

    await client.post("/support/chats", headers=headers)

    await eventually(lambda: _is_open(client, headers))
    chat = (await client.get("/support/chats/current", headers=headers)).json()["chat"]
    assert chat["user_id"] == user.id
    assert chat["agent_id"] == agent.id
    assert (await agent_profile(app, agent.id)).open_chats == 1


async def _is_open(client: httpx.AsyncClient, headers: dict[str, str]) -> bool:
    return await current_status(client, headers) == "open"


async def test_joining_while_in_a_chat_is_already_in_chat(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    await create_agent(app)
    _, headers = await create_user_and_login(app, client)
    await client.post("/support/chats", headers=headers)
    await eventually(lambda: _is_open(client, headers))

    response = await client.post("/support/chats", headers=headers)

    assert response.status_code == 409
    assert response.json()["detail"]["code"] == "already_in_chat"


async def test_agent_going_online_takes_the_waiting_user(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    _, user_headers = await create_user_and_login(app, client)
    agent, agent_headers = await create_user_and_login(app, client, role=Role.AGENT)
    await client.post("/support/chats", headers=user_headers)

    response = await client.put(
        "/support/agents/me/status", json={"online": True}, headers=agent_headers
    )

    assert response.status_code == 200
    assert response.json()["is_online"] is True
    assert response.json()["max_concurrent_chats"] == 5
    await eventually(lambda: _is_open(client, user_headers))
    chats = await client.get("/support/agents/me/chats", headers=agent_headers)
    assert [chat["agent_id"] for chat in chats.json()] == [agent.id]


async def test_offline_agents_get_nobody(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    agent = await create_agent(app, online=False)
    _, headers = await create_user_and_login(app, client)

    await client.post("/support/chats", headers=headers)
    outcome = await app.state.scheduler.runner.run("assign_queued_users")

    assert outcome["assigned"] == 0
    assert await current_status(client, headers) == "waiting"
    assert (await agent_profile(app, agent.id)).open_chats == 0


async def test_status_needs_the_agent_role(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    _, headers = await create_user_and_login(app, client)

    response = await client.put(
        "/support/agents/me/status", json={"online": True}, headers=headers
    )

    assert response.status_code == 403


async def test_current_without_anything_is_none(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    _, headers = await create_user_and_login(app, client)

    assert await current_status(client, headers) == "none"
