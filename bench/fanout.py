"""WebSocket fan-out: one warn run reaches many connected clients.

Clients connect from their own process; their chats are seeded so that they
become due for a warning only once everyone is connected. The run's start is
the ``warned_at`` it stamps on the chats; each client notes when its warning
arrived. Server memory per connection is the change of the server's resident
set size while the clients connect.
"""

import json
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, func, insert, select

from app.auth.models import User
from app.db.types import utcnow
from app.support.models import Chat
from bench.databases import bench_database
from bench.jobs import user_row
from bench.servers import ROOT, SECRET, HashCost, running_server
from bench.stats import summary_ms

FIRST_USER_ID = 40_000_000
AGENT_ID = "20000000"
TIMEOUT_S = 3_600.0
TARGET_S = 1.0


def seed(sync_url: str, clients: int, now: datetime) -> None:
    engine = create_engine(sync_url)
    user_ids = [str(FIRST_USER_ID + index) for index in range(clients)]
    with engine.begin() as connection:
        connection.execute(
            insert(User),
            [user_row(AGENT_ID, now)] + [user_row(u, now) for u in user_ids],
        )
        connection.execute(
            insert(Chat),
            [
                {
                    "user_id": user_id,
                    "agent_id": AGENT_ID,
                    "status": "open",
                    "created_at": now,
                    "last_activity_at": now,
                    "last_message_by": "user",
                }
                for user_id in user_ids
            ],
        )
    engine.dispose()


def warn_runs(sync_url: str) -> list[datetime]:
    engine = create_engine(sync_url)
    with engine.connect() as connection:
        stamps = connection.execute(
            select(Chat.warned_at, func.count()).group_by(Chat.warned_at)
        ).all()
    engine.dispose()
    return sorted(stamp for stamp, _ in stamps if stamp is not None)


def resident_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def run_fanout_bench(server_url: str | None, *, smoke: bool) -> dict[str, Any]:
    clients, connect_budget_s = (20, 6.0) if smoke else (1_000, 40.0)
    with bench_database(server_url) as database:
        seeded_at = utcnow()
        seed(database.sync_url, clients, seeded_at)
        env = {
            "ASYNCDESK_SCHEDULER_ENABLED": "true",
            "ASYNCDESK_SUPPORT_JOB_INTERVAL_SECONDS": "0.5",
            "ASYNCDESK_CHAT_TIMEOUT_SECONDS": str(TIMEOUT_S),
            "ASYNCDESK_CHAT_WARNING_SECONDS": str(TIMEOUT_S - connect_budget_s),
        }
        with running_server("asyncdesk", database, HashCost(1, 1024), env) as server:
            before_kib = resident_kib(server.process.pid)
            received, after_kib, connected_at = _drive_clients(
                server.url.replace("http", "ws"),
                clients,
                connect_budget_s * 2,
                server.process.pid,
            )
        runs = warn_runs(database.sync_url)

    due_at = seeded_at + timedelta(seconds=connect_budget_s)
    started = runs[0].timestamp() if runs else None
    latencies = [r - started for r in received] if started else []
    return {
        "clients": clients,
        "dialect": database.dialect,
        "connected_before_due": connected_at < due_at.timestamp(),
        "received": len(received),
        "warn_runs": len(runs),
        "latency": summary_ms(latencies),
        "server_kib_per_connection": round((after_kib - before_kib) / clients, 1),
    }


def _drive_clients(
    url: str, clients: int, timeout_s: float, server_pid: int
) -> tuple[list[float], int, float]:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "bench.wsclients",
            url,
            SECRET,
            str(FIRST_USER_ID),
            str(clients),
            str(timeout_s),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    first_line = process.stdout.readline().strip()
    connected_at = time.time()
    after_kib = resident_kib(server_pid)
    if first_line != "connected":
        process.kill()
        raise RuntimeError("the WebSocket clients did not all connect")
    output, _ = process.communicate(timeout=timeout_s + 60)
    receipts: list[float] = json.loads(output)["receipts"]
    return receipts, after_kib, connected_at


def fanout_lines(result: dict[str, Any]) -> list[str]:
    latency = result["latency"]
    return [
        "| clients | warned | warn runs | start of run → receipt p50 / p99 / max ms "
        "| server memory per connection |",
        "|---|---|---|---|---|",
        f"| {result['clients']} | {result['received']} | {result['warn_runs']} "
        f"| {latency['p50_ms']} / {latency['p99_ms']} / {latency['max_ms']} "
        f"| {result['server_kib_per_connection']} KiB |",
    ]


def fanout_targets(result: dict[str, Any]) -> list[tuple[str, bool, str]]:
    latency = result["latency"]
    everyone = result["received"] == result["clients"]
    fast = latency["max_ms"] is not None and latency["max_ms"] <= TARGET_S * 1000
    return [
        (
            "all 1,000 WebSocket clients warned within 1.0 s",
            everyone and fast,
            f"{result['received']} of {result['clients']} warned, max "
            f"{latency['max_ms']} ms over {result['warn_runs']} warn runs",
        )
    ]
