import httpx
from fastapi import FastAPI

from app.scheduler.registry import Job
from app.scheduler.scheduler import JobScheduler
from tests.support.factories import create_chat, get_chat


async def test_a_disabled_scheduler_does_not_start(app: FastAPI) -> None:
    scheduler: JobScheduler = app.state.scheduler
    chat = await create_chat(app, idle_seconds=121)

    outcome = await scheduler.runner.run("end_idle_chats")

    assert not scheduler.running
    assert outcome == {"ended": 1, "delivered": 0, "assigned": 0}
    assert (await get_chat(app, chat.id)).status == "ended"


async def test_a_failing_job_is_contained(app: FastAPI) -> None:
    scheduler: JobScheduler = app.state.scheduler

    async def broken(_: object) -> dict[str, int]:
        raise RuntimeError("boom")

    scheduler.runner.jobs["broken"] = Job("broken", broken, 1, "fails")

    assert await scheduler.runner.run("broken") is None


async def test_every_run_is_counted_in_the_metrics(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    scheduler: JobScheduler = app.state.scheduler

    await scheduler.runner.run("warn_idle_chats")
    exposition = (await client.get("/metrics")).text

    assert 'asyncdesk_job_runs_total{job="warn_idle_chats",outcome="success"} 1.0' in (
        exposition
    )
