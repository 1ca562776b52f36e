import pytest
from fastapi import FastAPI

from app.scheduler.scheduler import JobScheduler
from tests.support.factories import create_chat, eventually, get_chat


@pytest.fixture
def settings_overrides() -> dict[str, object]:
    return {"scheduler_enabled": True, "support_job_interval_seconds": 0.2}


async def test_the_lifespan_runs_the_jobs(app: FastAPI) -> None:
    chat = await create_chat(app, idle_seconds=121)

    async def ended() -> bool:
        return (await get_chat(app, chat.id)).status == "ended"

    await eventually(ended, timeout=5)
    scheduler: JobScheduler = app.state.scheduler
    assert scheduler.running


async def test_every_job_is_scheduled_on_purpose(app: FastAPI) -> None:
    scheduler: JobScheduler = app.state.scheduler

    jobs = scheduler._scheduler.get_jobs()

    assert {job.id for job in jobs} == set(scheduler.runner.jobs)
    for job in jobs:
        assert job.coalesce is True
        assert job.max_instances == 1
        assert job.misfire_grace_time >= 1
