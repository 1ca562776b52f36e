import asyncio
import os
import threading

from app.auth.security import PasswordHasher


async def test_hash_threads_run_at_a_lower_priority_than_the_loop() -> None:
    hasher = PasswordHasher(time_cost=1, memory_kib=1024, parallelism=1, niceness=7)
    loop = asyncio.get_running_loop()

    def own_priority() -> int:
        return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

    try:
        in_pool = await loop.run_in_executor(hasher._pool, own_priority)
    finally:
        hasher.close()

    assert in_pool - own_priority() == 7


async def test_verify_without_a_hash_says_no_and_builds_nothing_on_the_loop() -> None:
    hasher = PasswordHasher(time_cost=1, memory_kib=1024, parallelism=1)

    try:
        assert hasher._dummy_hash is None
        refused = await hasher.verify(None, "anything")
        accepted = await hasher.verify(await hasher.hash("pw-123456"), "pw-123456")
    finally:
        hasher.close()

    assert refused is False
    assert accepted is True
