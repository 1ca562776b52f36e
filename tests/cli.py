"""Running the ``asyncdesk`` command as an operator would: its own process."""

import asyncio
import os
import sys
from dataclasses import dataclass
from pathlib import Path

ASYNCDESK = str(Path(sys.executable).parent / "asyncdesk")


@dataclass(frozen=True)
class Completed:
    status: int
    stdout: str
    stderr: str


async def run_asyncdesk(database_url: str, *args: str) -> Completed:
    """``asyncdesk ARGS`` on ``database_url``, with no other ASYNCDESK_* set."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASYNCDESK_")}
    env["ASYNCDESK_DATABASE_URL"] = database_url
    process = await asyncio.create_subprocess_exec(
        ASYNCDESK,
        *args,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    stdout, stderr = await process.communicate()
    assert process.returncode is not None
    return Completed(process.returncode, stdout.decode(), stderr.decode())
