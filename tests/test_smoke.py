import httpx
import pytest

from app.config import Settings
from app.main import create_app


async def test_health(client: httpx.AsyncClient) -> None:
    response = await client.get("/health")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


async def test_ready(client: httpx.AsyncClient) -> None:
    response = await client.get("/ready")

    assert response.status_code == 200


@pytest.mark.parametrize(
    "unreachable",
    [
        "sqlite+aiosqlite:////nonexistent-dir/asyncdesk.db",
        "postgresql+asyncpg://postgres@127.0.0.1:1/none",
    ],
)
async def test_ready_is_503_while_health_stays_200_without_a_database(
    settings: Settings, unreachable: str
) -> None:
    app = create_app(settings.model_copy(update={"database_url": unreachable}))

    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://testserver"
        ) as http,
    ):
        health = await http.get("/health")
        ready = await http.get("/ready")

    assert health.status_code == 200
    assert ready.status_code == 503
    assert ready.json()["detail"]["code"] == "database_unavailable"
