"""The sign-up benchmark: three servers, the same work, rising concurrency."""

import json
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import httpx
from argon2 import PasswordHasher, Type
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import create_engine, func, insert, select

from app.auth.models import User
from app.db.types import utcnow
from app.invitations.models import InvitationCode, InvitationUsage
from app.rewards.models import PointsTransaction
from bench.databases import BenchDatabase, bench_database
from bench.servers import ROOT, VARIANTS, HashCost, Server, running_server
from bench.stats import histogram_quantile

CODE = "BENCH-2026"
POINTS = 100
PROBE_INTERVAL_MS = 20.0
LAG_METRIC = "asyncdesk_event_loop_lag_seconds"


@dataclass(frozen=True)
class SignupPlan:
    clients: tuple[int, ...]
    seconds: float
    cost: HashCost
    server_url: str | None
    variants: tuple[str, ...] = VARIANTS


def hash_bound_limit(cost: HashCost, seconds: float) -> float:
    """Hashes per second with one thread per core and nothing else running."""
    hasher = PasswordHasher(
        time_cost=cost.time_cost,
        memory_cost=cost.memory_kib,
        parallelism=1,
        type=Type.ID,
    )
    workers = os.cpu_count() or 1
    deadline = time.perf_counter() + seconds

    def hash_until_deadline() -> int:
        done = 0
        while time.perf_counter() < deadline:
            hasher.hash("Bench-pass-2026")
            done += 1
        return done

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        total = sum(pool.map(lambda _: hash_until_deadline(), range(workers)))
    return total / (time.perf_counter() - started)


def seed_code(database: BenchDatabase) -> None:
    engine = create_engine(database.sync_url)
    with engine.begin() as connection:
        connection.execute(
            insert(InvitationCode).values(
                code=CODE,
                code_key=CODE.lower(),
                reward_type="points",
                points_reward=POINTS,
                max_uses=None,
                used_count=0,
                valid_from=utcnow() - timedelta(days=1),
                is_active=True,
                created_at=utcnow(),
            )
        )
    engine.dispose()


def stored_rows(database: BenchDatabase) -> dict[str, Any]:
    """What the sign-ups left behind, to compare across designs."""
    engine = create_engine(database.sync_url)
    with engine.connect() as connection:
        users = connection.scalar(select(func.count()).select_from(User))
        usages = connection.scalar(select(func.count()).select_from(InvitationUsage))
        ledger_ok = connection.scalar(
            select(func.count())
            .select_from(PointsTransaction)
            .where(
                PointsTransaction.balance_after == POINTS,
                PointsTransaction.amount == POINTS,
            )
        )
        used = connection.scalar(
            select(InvitationCode.used_count).where(InvitationCode.code == CODE)
        )
    engine.dispose()
    return {
        "users": users,
        "usages": usages,
        "ledger_rows": ledger_ok,
        "code_used_count": used,
        "consistent": users == usages == ledger_ok == used,
    }


def _load(args: list[str]) -> "subprocess.Popen[str]":
    return subprocess.Popen(
        [sys.executable, "-m", "bench.load", *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )


def _collect(process: "subprocess.Popen[str]") -> dict[str, Any]:
    output, _ = process.communicate(timeout=600)
    if process.returncode != 0:
        raise RuntimeError("a load generator failed")
    result: dict[str, Any] = json.loads(output)
    return result


def lag_buckets(server: Server) -> list[tuple[float, float]] | None:
    if not server.variant.startswith("asyncdesk"):
        return None
    text = httpx.get(f"{server.url}/metrics", timeout=10).text
    return [
        (float(sample.labels["le"]), sample.value)
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if sample.name == f"{LAG_METRIC}_bucket"
    ]


def _lag_p99_ms(
    before: list[tuple[float, float]] | None, after: list[tuple[float, float]] | None
) -> float | None:
    if before is None or after is None:
        return None
    delta = [(bound, count - before[i][1]) for i, (bound, count) in enumerate(after)]
    return histogram_quantile(delta, 0.99) * 1000


def run_level(server: Server, clients: int, seconds: float) -> dict[str, Any]:
    before = lag_buckets(server)
    tag = f"{server.variant[:2]}{clients}x{int(time.time() * 1000) % 10**7}"
    signups = _load(["signup", server.url, str(clients), str(seconds), CODE, tag])
    probe = _load(["probe", server.url, str(seconds), str(PROBE_INTERVAL_MS)])
    result = {**_collect(signups), **_collect(probe)}
    result["loop_lag_p99_le_ms"] = _lag_p99_ms(before, lag_buckets(server))
    return result


def run_variant(variant: str, plan: SignupPlan) -> dict[str, Any]:
    with bench_database(plan.server_url) as database:
        seed_code(database)
        with running_server(variant, database, plan.cost) as server:
            levels = [run_level(server, n, plan.seconds) for n in plan.clients]
        return {
            "variant": variant,
            "dialect": database.dialect,
            "levels": levels,
            "rows": stored_rows(database),
        }


def run_signup_bench(plan: SignupPlan) -> dict[str, Any]:
    # Measured before and after the servers, on a shared machine: the higher
    # one is the limit (the stricter base for the fraction).
    probe_s = min(plan.seconds / 2, 8.0)
    limit_before = hash_bound_limit(plan.cost, probe_s)
    variants = [run_variant(variant, plan) for variant in plan.variants]
    limit_after = hash_bound_limit(plan.cost, probe_s)
    limit = max(limit_before, limit_after)
    for variant in variants:
        for level in variant["levels"]:
            level["fraction_of_hash_limit"] = round(level["signups_per_s"] / limit, 3)
    return {
        "hash_limit_per_s": round(limit, 2),
        "hash_limit_before_after": [round(limit_before, 2), round(limit_after, 2)],
        "hash_cost": {
            "time_cost": plan.cost.time_cost,
            "memory_kib": plan.cost.memory_kib,
        },
        "seconds_per_level": plan.seconds,
        "variants": variants,
    }
