"""``asyncdesk jobs`` as an operator runs it, in its own process."""

import json

from fastapi import FastAPI

from tests.cli import run_asyncdesk
from tests.support.factories import create_chat, get_chat


async def asyncdesk(database_url: str, *args: str) -> tuple[int, str]:
    completed = await run_asyncdesk(database_url, *args)
    return completed.status, completed.stdout


async def test_jobs_list_names_every_job(database_url: str) -> None:
    code, out = await asyncdesk(database_url, "jobs", "list")

    assert code == 0
    names = [line.split("\t")[0] for line in out.splitlines()]
    assert names == [
        "warn_idle_chats",
        "end_idle_chats",
        "assign_queued_users",
        "purge_ended_chats",
        "purge_expired_signups",
    ]


async def test_jobs_run_runs_one_job_once(app: FastAPI, database_url: str) -> None:
    chat = await create_chat(app, idle_seconds=121)

    code, out = await asyncdesk(database_url, "jobs", "run", "end_idle_chats")

    assert code == 0
    assert json.loads(out) == {
        "job": "end_idle_chats",
        "ok": True,
        "outcome": {"ended": 1, "delivered": 0, "assigned": 0},
    }
    assert (await get_chat(app, chat.id)).status == "ended"


async def test_jobs_run_refuses_an_unknown_job(database_url: str) -> None:
    code, _ = await asyncdesk(database_url, "jobs", "run", "no_such_job")

    assert code == 2
