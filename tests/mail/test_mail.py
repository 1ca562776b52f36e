import logging

import httpx
import pytest
from fastapi import FastAPI

from app.config import Settings
from app.main import create_app
from tests.factories import login, registration
from tests.live import serve
from tests.mailbox import Mailbox, verification_link
from tests.net import free_port


async def test_link_in_the_smtp_mail_verifies_the_account(
    settings: Settings, mailbox: Mailbox
) -> None:
    port = free_port()
    live_settings = settings.model_copy(
        update={"public_base_url": f"http://127.0.0.1:{port}"}
    )
    app = create_app(live_settings)
    body = registration()
    email = str(body["email"])

    async with (
        serve(app, port=port) as base_url,
        httpx.AsyncClient(base_url=base_url) as http,
    ):
        registered = await http.post("/auth/register", json=body)
        [message] = await mailbox.wait_for(email)
        clicked = await http.get(verification_link(message))
        me = await http.get("/users/me", headers=await login(http, email))

    assert registered.status_code == 201
    assert message["To"] == email
    assert message["Subject"] == "Confirm your email address"
    assert clicked.status_code == 200
    assert me.json()["is_verified"] is True
    assert me.json()["id"] == clicked.json()["user_id"]


@pytest.mark.parametrize("settings_overrides", [{"mail_backend": "console"}])
async def test_console_backend_writes_the_mail_to_the_log(
    app: FastAPI,
    client: httpx.AsyncClient,
    mailbox: Mailbox,
    caplog: pytest.LogCaptureFixture,
) -> None:
    body = registration()
    caplog.set_level(logging.INFO, logger="app.mail.sender")

    response = await client.post("/auth/register", json=body)
    await app.state.background.drain()

    assert response.status_code == 201
    assert "/auth/verify-email?token=" in caplog.text
    assert mailbox.messages_to(str(body["email"])) == []
