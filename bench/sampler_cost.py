"""What the loop-lag sampler costs: CPU of an idle loop with and without it."""

import asyncio
import time
from typing import Any

from app.config import Settings
from app.metrics import Metrics
from app.metrics.sampler import LoopLagSampler


async def _idle_cpu_seconds(seconds: float, *, sampling: bool) -> float:
    settings = Settings(_env_file=None)
    sampler = LoopLagSampler(
        Metrics().loop_lag,
        interval_s=settings.loop_lag_sample_interval_ms / 1000,
        warn_s=settings.loop_lag_warn_ms / 1000,
    )
    if sampling:
        sampler.start()
    started = time.thread_time()
    await asyncio.sleep(seconds)
    used = time.thread_time() - started
    await sampler.stop()
    return used


def run_sampler_cost(*, smoke: bool) -> dict[str, Any]:
    seconds = 1.0 if smoke else 10.0
    idle = asyncio.run(_idle_cpu_seconds(seconds, sampling=False))
    sampled = asyncio.run(_idle_cpu_seconds(seconds, sampling=True))
    return {
        "seconds": seconds,
        "interval_ms": Settings(_env_file=None).loop_lag_sample_interval_ms,
        "cpu_share_of_one_core": round(max(sampled - idle, 0.0) / seconds, 5),
    }


def sampler_lines(result: dict[str, Any]) -> list[str]:
    share = result["cpu_share_of_one_core"]
    return [
        f"Loop-lag sampler (every {result['interval_ms']:.0f} ms): "
        f"{share:.3%} of one core, measured over {result['seconds']:.0f} s "
        "of an otherwise idle loop."
    ]


def sampler_targets(result: dict[str, Any]) -> list[tuple[str, bool, str]]:
    share = result["cpu_share_of_one_core"]
    return [("sampler < 1% of one core", share < 0.01, f"{share:.3%}")]
