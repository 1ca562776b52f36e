"""The warn and end jobs (timeout 120 s, warning 60 s before: warn at 60 s idle)."""

import httpx
from fastapi import FastAPI

from app.scheduler.context import JobContext
from app.support.jobs import end_idle_chats, warn_idle_chats
from tests.factories import login
from tests.support.factories import (
    agent_profile,
    create_agent,
    create_chat,
    email_of,
    get_chat,
    messages_of,
    queue_user,
    set_idle,
)
from tests.support.hub import RecordingHub


async def test_an_idle_chat_is_warned_once(
    app: FastAPI, context: JobContext, hub: RecordingHub
) -> None:
    chat = await create_chat(app, idle_seconds=61)
    fresh = await create_chat(app, idle_seconds=30)

    first = await warn_idle_chats(context)
    second = await warn_idle_chats(context)

    assert first["warned"] == 1
    assert second["warned"] == 0
    [(user_id, event)] = hub.events("notification_created")
    assert user_id == chat.user_id
    assert event["notification_type"] == "chat_timeout_warning"
    assert event["chat_id"] == chat.id
    assert isinstance(event["notification_id"], int)
    assert event["title"]
    assert event["content"]
    assert [m.sender_role for m in await messages_of(app, chat.id)] == ["system"]
    assert await messages_of(app, fresh.id) == []


async def test_the_warning_is_listed_and_can_be_read(
    app: FastAPI, client: httpx.AsyncClient, context: JobContext
) -> None:
    chat = await create_chat(app, idle_seconds=61)
    await warn_idle_chats(context)
    headers = await login(client, await email_of(app, chat.user_id))

    listed = await client.get("/notifications", headers=headers)
    [notification] = listed.json()
    read = await client.post(
        f"/notifications/{notification['id']}/read", headers=headers
    )
    unread = await client.get("/notifications?unread_only=true", headers=headers)

    assert notification["notification_type"] == "chat_timeout_warning"
    assert notification["chat_id"] == chat.id
    assert read.status_code == 200
    assert read.json()["is_read"] is True
    assert unread.json() == []


async def test_someone_elses_notification_is_not_found(
    app: FastAPI, client: httpx.AsyncClient, context: JobContext
) -> None:
    await create_chat(app, idle_seconds=61)
    await warn_idle_chats(context)
    agent = await create_agent(app)
    notification_id = context.hub.sent[0][1]["notification_id"]  # type: ignore[attr-defined]

    response = await client.post(
        f"/notifications/{notification_id}/read",
        headers=await login(client, agent.email),
    )

    assert response.status_code == 404
    assert response.json()["detail"]["code"] == "notification_not_found"


async def test_system_messages_do_not_reset_the_idle_clock(
    app: FastAPI, context: JobContext
) -> None:
    chat = await create_chat(app, idle_seconds=121)
    before = (await get_chat(app, chat.id)).last_activity_at

    await warn_idle_chats(context)

    assert (await get_chat(app, chat.id)).last_activity_at == before
    assert (await end_idle_chats(context))["ended"] == 1


async def test_a_new_message_starts_a_new_idle_period(
    app: FastAPI, client: httpx.AsyncClient, context: JobContext, hub: RecordingHub
) -> None:
    chat = await create_chat(app, idle_seconds=61)
    await warn_idle_chats(context)
    headers = await login(client, await email_of(app, chat.user_id))

    await client.post(
        f"/support/chats/{chat.id}/messages",
        json={"content": "still here"},
        headers=headers,
    )
    quiet = await warn_idle_chats(context)
    await set_idle(app, chat.id, 61)
    again = await warn_idle_chats(context)

    assert quiet["warned"] == 0
    assert again["warned"] == 1
    assert len(hub.events("notification_created")) == 2


async def test_silence_after_the_agent_is_user_inactive(
    app: FastAPI, context: JobContext, hub: RecordingHub
) -> None:
    agent = await create_agent(app)
    chat = await create_chat(
        app, agent=agent, idle_seconds=121, last_message_by="agent"
    )

    outcome = await end_idle_chats(context)

    assert outcome["ended"] == 1
    stored = await get_chat(app, chat.id)
    assert stored.status == "ended"
    assert stored.ended_type == "user_inactive"
    assert stored.ended_by == "system"
    assert stored.ended_reason == "timeout"
    ended = hub.events("chat_ended")
    assert sorted(user for user, _ in ended) == sorted([chat.user_id, agent.id])
    assert {event["ended_type"] for _, event in ended} == {"user_inactive"}
    assert {event["reason"] for _, event in ended} == {"timeout"}
    assert (await agent_profile(app, agent.id)).open_chats == 0


async def test_silence_after_the_user_is_service_inactive(
    app: FastAPI, context: JobContext
) -> None:
    chat = await create_chat(app, idle_seconds=121, last_message_by="user")

    await end_idle_chats(context)

    assert (await get_chat(app, chat.id)).ended_type == "service_inactive"


async def test_a_chat_without_messages_is_user_inactive(
    app: FastAPI, context: JobContext
) -> None:
    chat = await create_chat(app, idle_seconds=121)

    await end_idle_chats(context)

    assert (await get_chat(app, chat.id)).ended_type == "user_inactive"


async def test_chats_not_yet_due_stay_open(app: FastAPI, context: JobContext) -> None:
    chat = await create_chat(app, idle_seconds=100)

    outcome = await end_idle_chats(context)

    assert outcome["ended"] == 0
    assert (await get_chat(app, chat.id)).status == "open"


async def test_ending_hands_the_slot_to_the_next_waiting_user(
    app: FastAPI, context: JobContext, hub: RecordingHub
) -> None:
    agent = await create_agent(app, capacity=1)
    await create_chat(app, agent=agent, idle_seconds=121)
    waiting = await queue_user(app)

    outcome = await end_idle_chats(context)

    assert outcome["assigned"] == 1
    assigned = hub.events("chat_assigned")
    assert {user for user, _ in assigned} == {waiting.id, agent.id}
    assert (await agent_profile(app, agent.id)).open_chats == 1


async def test_one_failed_push_does_not_stop_the_batch(
    app: FastAPI, context: JobContext
) -> None:
    chats = [await create_chat(app, idle_seconds=121) for _ in range(3)]

    class FlakyHub(RecordingHub):
        async def send_to_user(self, user_id: str, event: object) -> int:
            if user_id == chats[0].user_id:
                raise ConnectionError("backplane down")
            return await super().send_to_user(user_id, event)  # type: ignore[arg-type]

    flaky = FlakyHub()
    outcome = await end_idle_chats(
        JobContext(context.database, flaky, context.settings)
    )

    assert outcome["ended"] == 3
    assert outcome["delivered"] == 5
    assert len(flaky.events("chat_ended")) == 5
