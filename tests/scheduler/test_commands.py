"""``asyncdesk jobs`` as an operator runs it, in its own process."""

import asyncio
import json
import os
import sys
from pathlib import Path

from fastapi import FastAPI

from tests.support.factories import create_chat, get_chat

ASYNCDESK = str(Path(sys.executable).parent / "asyncdesk")


async def asyncdesk(database_url: str, *args: str) -> tuple[int, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASYNCDESK_")}
    env["ASYNCDESK_DATABASE_URL"] = database_url
    process = await asyncio.create_subprocess_exec(
        ASYNCDESK,
        *args,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.DEVNULL,
    )
    out, _ = await process.communicate()
    assert process.returncode is not None
    return process.returncode, out.decode()


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
