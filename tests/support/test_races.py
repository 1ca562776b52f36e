import asyncio

import httpx
from fastapi import FastAPI

from app.scheduler.context import JobContext
from app.support.jobs import end_idle_chats
from tests.factories import create_user_and_login, database_of, login
from tests.support.factories import (
    create_agent,
    create_chat,
    email_of,
    get_chat,
    messages_of,
    open_chat_count,
    queue_entry_count,
)
from tests.support.hub import RecordingHub


async def test_joining_many_times_at_once_queues_once(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    _, headers = await create_user_and_login(app, client)

    responses = await asyncio.gather(
        *(client.post("/support/chats", headers=headers) for _ in range(10))
    )

    codes = sorted(response.status_code for response in responses)
    assert codes == [201] + [409] * 9
    assert {r.json()["detail"]["code"] for r in responses if r.status_code == 409} == {
        "already_queued"
    }


async def test_a_message_racing_the_end_job_is_never_lost(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    chat = await create_chat(app, idle_seconds=121)
    headers = await login(client, await email_of(app, chat.user_id))
    context = JobContext(database_of(app), RecordingHub(), app.state.settings)

    response, outcome = await asyncio.gather(
        client.post(
            f"/support/chats/{chat.id}/messages",
            json={"content": "still there?"},
            headers=headers,
        ),
        end_idle_chats(context),
    )

    stored = await get_chat(app, chat.id)
    written = [m for m in await messages_of(app, chat.id) if m.sender_role == "user"]
    if response.status_code == 201:
        assert outcome["ended"] == 0
        assert stored.status == "open"
        assert len(written) == 1
    else:
        assert response.json()["detail"]["code"] == "chat_not_open"
        assert outcome["ended"] == 1
        assert stored.status == "ended"
        assert written == []


async def test_joins_racing_the_assignment_never_leave_a_second_entry(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    await create_agent(app, capacity=20)
    users = [await create_user_and_login(app, client) for _ in range(6)]

    rounds = await asyncio.gather(
        *(
            asyncio.gather(
                *(client.post("/support/chats", headers=headers) for _ in range(8))
            )
            for _, headers in users
        )
    )
    await app.state.background.drain()

    for responses in rounds:
        assert sorted(r.status_code for r in responses) == [201] + [409] * 7
    for user, _ in users:
        assert await open_chat_count(app, user.id) == 1
        assert await queue_entry_count(app, user.id) == 0
