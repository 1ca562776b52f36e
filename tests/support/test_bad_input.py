"""Bad input on the support and notification routes: coded 4xx, nothing lost."""

import json

import httpx
import pytest
from fastapi import FastAPI

from tests.factories import login
from tests.support.factories import create_chat, email_of, messages_of

HUGE_IDS = ["2147483648", str(2**63), "99999999999999999999"]


@pytest.mark.parametrize("chat_id", HUGE_IDS)
async def test_ids_no_row_can_have_are_422(
    app: FastAPI, client: httpx.AsyncClient, chat_id: str
) -> None:
    chat = await create_chat(app)
    headers = await login(client, await email_of(app, chat.user_id))

    answers = [
        await client.get(f"/support/chats/{chat_id}/messages", headers=headers),
        await client.post(
            f"/support/chats/{chat_id}/messages", json={"content": "x"}, headers=headers
        ),
        await client.post(f"/support/chats/{chat_id}/end", headers=headers),
        await client.post(f"/notifications/{chat_id}/read", headers=headers),
        await client.get(
            f"/support/chats/{chat.id}/messages",
            params={"after_id": chat_id},
            headers=headers,
        ),
    ]

    assert [answer.status_code for answer in answers] == [422] * 5


@pytest.mark.parametrize(
    ("content", "code"),
    [
        ("a\u0000b", "value_error"),
        ("\ud800", "string_unicode"),
        ("bell\u0007", "value_error"),
        ("\u200b\u200d", "message_empty"),
        ("  \n\t ", "message_empty"),
    ],
)
async def test_unstorable_or_empty_messages_are_refused(
    app: FastAPI, client: httpx.AsyncClient, content: str, code: str
) -> None:
    chat = await create_chat(app)
    headers = await login(client, await email_of(app, chat.user_id))

    response = await client.post(
        f"/support/chats/{chat.id}/messages",
        content=json.dumps({"content": content}),
        headers={**headers, "Content-Type": "application/json"},
    )

    assert response.status_code == 422
    body = response.json()["detail"]
    codes = [body["code"]] if isinstance(body, dict) else [e["type"] for e in body]
    assert code in codes
    assert await messages_of(app, chat.id) == []


async def test_a_message_may_span_lines(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    chat = await create_chat(app)
    headers = await login(client, await email_of(app, chat.user_id))

    response = await client.post(
        f"/support/chats/{chat.id}/messages",
        json={"content": "line one\n\tline two"},
        headers=headers,
    )

    assert response.status_code == 201
    assert [m.content for m in await messages_of(app, chat.id)] == [
        "line one\n\tline two"
    ]
