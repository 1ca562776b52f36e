import httpx
from fastapi import FastAPI

from app.auth.models import Role
from tests.factories import DEFAULT_PASSWORD, create_user, login


async def test_login_then_read_me(app: FastAPI, client: httpx.AsyncClient) -> None:
    user = await create_user(app, role=Role.AGENT)

    headers = await login(client, user.email.upper())
    response = await client.get("/users/me", headers=headers)

    assert response.status_code == 200
    body = response.json()
    assert body["id"] == user.id
    assert body["role"] == "agent"
    assert body["created_at"].endswith("Z") or "+00:00" in body["created_at"]


async def test_wrong_password_is_invalid_credentials(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    user = await create_user(app)

    response = await client.post(
        "/auth/login", data={"username": user.email, "password": DEFAULT_PASSWORD + "x"}
    )

    assert response.status_code == 401
    assert response.json()["detail"]["code"] == "invalid_credentials"


async def test_unknown_email_is_invalid_credentials(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/auth/login", data={"username": "nobody@example.com", "password": "x" * 10}
    )

    assert response.status_code == 401
    assert response.json()["detail"]["code"] == "invalid_credentials"


async def test_me_without_token_is_401(client: httpx.AsyncClient) -> None:
    response = await client.get("/users/me")

    assert response.status_code == 401
