import httpx
import pytest
from fastapi import FastAPI

from app.support.models import MESSAGE_MAX_LENGTH
from tests.factories import create_user, create_user_and_login, login
from tests.support.factories import (
    agent_profile,
    create_agent,
    create_chat,
    eventually,
    get_chat,
    queue_user,
)


async def test_both_sides_write_and_read_oldest_first(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    user, user_headers = await create_user_and_login(app, client)
    agent = await create_agent(app)
    agent_headers = await login(client, agent.email)
    chat = await create_chat(app, user=user, agent=agent)
    path = f"/support/chats/{chat.id}/messages"

    first = await client.post(path, json={"content": "  hello  "}, headers=user_headers)
    await client.post(
        path, json={"content": "hi, how can I help?"}, headers=agent_headers
    )
    listed = await client.get(path, headers=user_headers)

    assert first.status_code == 201
    assert first.json()["content"] == "hello"
    assert first.json()["sender_role"] == "user"
    assert [m["content"] for m in listed.json()] == ["hello", "hi, how can I help?"]
    stored = await get_chat(app, chat.id)
    assert stored.last_message_by == "agent"


async def test_strangers_do_not_see_a_chat(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    chat = await create_chat(app)
    _, stranger = await create_user_and_login(app, client)
    other_agent = await create_agent(app)
    agent_headers = await login(client, other_agent.email)
    path = f"/support/chats/{chat.id}/messages"

    for headers in (stranger, agent_headers):
        read = await client.get(path, headers=headers)
        write = await client.post(path, json={"content": "x"}, headers=headers)
        end = await client.post(f"/support/chats/{chat.id}/end", headers=headers)

        assert read.status_code == write.status_code == end.status_code == 404
        assert read.json()["detail"]["code"] == "chat_not_found"


async def test_agents_list_only_their_own_chats(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    agent = await create_agent(app)
    mine = await create_chat(app, agent=agent)
    await create_chat(app)

    response = await client.get(
        "/support/agents/me/chats", headers=await login(client, agent.email)
    )

    assert [chat["id"] for chat in response.json()] == [mine.id]


@pytest.mark.parametrize(
    ("content", "code"),
    [
        ("", "message_empty"),
        ("   \n\t ", "message_empty"),
        ("x" * (MESSAGE_MAX_LENGTH + 1), "message_too_long"),
    ],
)
async def test_bad_messages_are_refused(
    app: FastAPI, client: httpx.AsyncClient, content: str, code: str
) -> None:
    user, headers = await create_user_and_login(app, client)
    chat = await create_chat(app, user=user)

    response = await client.post(
        f"/support/chats/{chat.id}/messages", json={"content": content}, headers=headers
    )

    assert response.status_code == 422
    assert response.json()["detail"]["code"] == code


async def test_the_longest_message_is_accepted(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    user, headers = await create_user_and_login(app, client)
    chat = await create_chat(app, user=user)

    response = await client.post(
        f"/support/chats/{chat.id}/messages",
        json={"content": "x" * MESSAGE_MAX_LENGTH},
        headers=headers,
    )

    assert response.status_code == 201


async def test_ending_frees_the_slot_for_the_next_user(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    agent = await create_agent(app, capacity=1)
    user, headers = await create_user_and_login(app, client)
    chat = await create_chat(app, user=user, agent=agent)
    waiting = await queue_user(app)

    response = await client.post(f"/support/chats/{chat.id}/end", headers=headers)

    assert response.status_code == 200
    assert response.json()["ended_by"] == "user"
    assert response.json()["ended_type"] == "closed_by_user"
    next_headers = await login(client, waiting.email)
    await eventually(lambda: _status_is(client, next_headers, "open"))
    assert (await agent_profile(app, agent.id)).open_chats == 1


async def _status_is(
    client: httpx.AsyncClient, headers: dict[str, str], status: str
) -> bool:
    response = await client.get("/support/chats/current", headers=headers)
    return bool(response.json()["status"] == status)


async def test_an_ended_chat_takes_no_more_messages(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    agent = await create_agent(app)
    user = await create_user(app)
    chat = await create_chat(app, user=user, agent=agent)
    agent_headers = await login(client, agent.email)
    await client.post(f"/support/chats/{chat.id}/end", headers=agent_headers)

    write = await client.post(
        f"/support/chats/{chat.id}/messages",
        json={"content": "hi"},
        headers=agent_headers,
    )
    again = await client.post(f"/support/chats/{chat.id}/end", headers=agent_headers)

    assert write.status_code == again.status_code == 409
    assert write.json()["detail"]["code"] == "chat_not_open"
    assert (await get_chat(app, chat.id)).ended_type == "closed_by_agent"
    assert (await agent_profile(app, agent.id)).open_chats == 0


async def test_a_missing_body_is_a_validation_error(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    user, headers = await create_user_and_login(app, client)
    chat = await create_chat(app, user=user)

    response = await client.post(
        f"/support/chats/{chat.id}/messages", json={}, headers=headers
    )

    assert response.status_code == 422
