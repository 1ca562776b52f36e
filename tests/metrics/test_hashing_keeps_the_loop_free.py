"""A burst of logins hashes in the worker pool while the loop keeps serving.

The blocking guard fails this test if any step on the loop takes longer than
its threshold; the ordering below shows that /health is answered while the
hashes are still queued for the pool, not after them.
"""

import asyncio

import httpx
import pytest
from fastapi import FastAPI

from tests.factories import DEFAULT_PASSWORD, create_user

BURST = 20
PROBES = 5


@pytest.fixture
def settings_overrides() -> dict[str, object]:
    # The production defaults: the cost the pool has to absorb.
    return {"password_hash_time_cost": 2, "password_hash_memory_kib": 19_456}


async def test_health_answers_while_twenty_logins_hash(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    users = [await create_user(app) for _ in range(BURST)]

    logins = [
        asyncio.create_task(
            client.post(
                "/auth/login",
                data={"username": user.email, "password": DEFAULT_PASSWORD},
            )
        )
        for user in users
    ]
    await asyncio.sleep(0)
    probe_statuses = [(await client.get("/health")).status_code for _ in range(PROBES)]
    logins_done_during_probes = sum(task.done() for task in logins)
    responses = await asyncio.gather(*logins)

    assert probe_statuses == [200] * PROBES
    assert logins_done_during_probes < BURST
    assert [response.status_code for response in responses] == [200] * BURST
