"""Fail any test during which a callback held the event loop too long.

Every event loop the tests run on is created in asyncio debug mode with
``slow_callback_duration`` set to the threshold, so asyncio itself reports
each callback (a task step, a timer, a protocol callback) that ran longer.
The guard collects those reports from the moment a test's fixtures are set
up until they are torn down and fails the test naming every offender.

The threshold comes from ``ASYNCDESK_TEST_SLOW_CALLBACK_MS``; ``0`` turns the
guard off. Server processes started by end-to-end tests get the same check
through :func:`server_env` and :func:`slow_callbacks_in`.
"""

import asyncio
import gc
import logging
import os
import re
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass

import pytest

from app.config import LOOP_SLOW_CALLBACK_ENV

THRESHOLD_ENV = "ASYNCDESK_TEST_SLOW_CALLBACK_MS"
# Debug mode records a stack for every handle and future it creates, which
# makes ordinary steps slow: on an idle two-core machine the slowest steps of
# this suite (first app start-up, forking a subprocess, an in-process server)
# take 60-115 ms, and up to 210 ms with every core busy elsewhere. 250 ms
# stays clear of that noise and still catches a sleep, a blocking network
# call or a burst of blocking queries or hashes.
DEFAULT_THRESHOLD_MS = 250.0
MAX_STACK_FRAMES = 6
# asyncio's own wording for a slow callback, in debug mode.
SLOW_CALLBACK_LINE = re.compile(
    r"Executing (?P<callback>.+) took (?P<seconds>[\d.]+) seconds"
)


@dataclass(frozen=True)
class SlowCallback:
    callback: str
    seconds: float

    def describe(self) -> str:
        return f"{self.seconds * 1000:.0f} ms in {self.callback}"


def threshold_ms() -> float:
    raw = os.environ.get(THRESHOLD_ENV, "")
    return float(raw) if raw.strip() else DEFAULT_THRESHOLD_MS


def server_env(base: Mapping[str, str] | None = None) -> dict[str, str]:
    """Environment for an ``asyncdesk serve`` process that logs slow callbacks."""
    env = dict(os.environ if base is None else base)
    env[LOOP_SLOW_CALLBACK_ENV] = str(threshold_ms())
    return env


def slow_callbacks_in(log_text: str) -> list[SlowCallback]:
    """The slow callbacks a server reported in its log output."""
    return [
        SlowCallback(match["callback"], float(match["seconds"]))
        for match in SLOW_CALLBACK_LINE.finditer(log_text)
    ]


def assert_no_slow_callbacks(log_text: str) -> None:
    found = slow_callbacks_in(log_text)
    assert not found, _failure_message(found)


def _failure_message(found: list[SlowCallback], stacks: Sequence[str] = ()) -> str:
    lines = "\n".join(f"  - {slow.describe()}" for slow in found)
    message = (
        f"the event loop was blocked longer than {threshold_ms():.0f} ms "
        f"({THRESHOLD_ENV}):\n{lines}"
    )
    for stack in stacks:
        message += f"\nthe loop's thread was at:\n{stack}"
    return message


class _SlowCallbackCollector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.found: list[SlowCallback] = []

    def emit(self, record: logging.LogRecord) -> None:
        args = record.args
        if not str(record.msg).startswith("Executing ") or not isinstance(args, tuple):
            return
        self.found.append(SlowCallback(str(args[0]), float(str(args[1]))))


class _StallWatchdog:
    """Where the loop's thread was while a callback held it.

    asyncio names the task or handle that was slow, which for a test is the
    test itself; the stack sampled during the stall names the blocking call.
    """

    def __init__(self, loop: asyncio.AbstractEventLoop, threshold_s: float) -> None:
        self._loop = loop
        self._loop_thread = threading.get_ident()
        self._threshold_s = threshold_s
        self._interval_s = threshold_s / 4
        self._last_beat = time.monotonic()
        self._stopped = threading.Event()
        self.stacks: list[str] = []

    def start(self) -> None:
        self._loop.call_soon(self._beat)
        threading.Thread(target=self._watch, name="stall-watchdog", daemon=True).start()

    def stop(self) -> None:
        self._stopped.set()

    def _beat(self) -> None:
        self._last_beat = time.monotonic()
        if not self._stopped.is_set():
            self._loop.call_later(self._interval_s, self._beat)

    def _watch(self) -> None:
        reported_beat = 0.0
        while not self._stopped.wait(self._interval_s):
            beat = self._last_beat
            stalled = time.monotonic() - beat > self._threshold_s
            if stalled and beat != reported_beat and self._loop.is_running():
                reported_beat = beat
                self._sample()

    def _sample(self) -> None:
        frame = sys._current_frames().get(self._loop_thread)
        if frame is not None:
            frames = traceback.extract_stack(frame)[-MAX_STACK_FRAMES:]
            self.stacks.append("".join(traceback.format_list(frames)))


_watchdogs: dict[int, _StallWatchdog] = {}


def _debug_loop_factory() -> asyncio.AbstractEventLoop:
    loop = asyncio.new_event_loop()
    loop.set_debug(True)
    loop.slow_callback_duration = threshold_ms() / 1000
    watchdog = _StallWatchdog(loop, loop.slow_callback_duration)
    watchdog.start()
    _watchdogs[id(loop)] = watchdog
    return loop


def _current_stacks() -> list[str]:
    return [stack for watchdog in _watchdogs.values() for stack in watchdog.stacks]


def _stop_watchdogs() -> None:
    for watchdog in _watchdogs.values():
        watchdog.stop()
    _watchdogs.clear()


def pytest_configure(config: pytest.Config) -> None:
    if threshold_ms() > 0:
        # pytest-asyncio's runner calls set_debug() with this option after the
        # loop is built; it must agree with the factory below.
        config.option.asyncio_debug = True


def pytest_asyncio_loop_factories(
    config: pytest.Config, item: pytest.Item
) -> Mapping[str, Callable[[], asyncio.AbstractEventLoop]]:
    if threshold_ms() <= 0:
        return {"plain": asyncio.new_event_loop}
    return {"debug": _debug_loop_factory}


@pytest.fixture(autouse=True)
def blocking_guard() -> Iterator[None]:
    """Collect slow-callback reports over the whole test, fixtures included."""
    if threshold_ms() <= 0:
        yield
        return

    collector = _SlowCallbackCollector()
    asyncio_logger = logging.getLogger("asyncio")
    previous_level = asyncio_logger.level
    if asyncio_logger.getEffectiveLevel() > logging.WARNING:
        asyncio_logger.setLevel(logging.WARNING)
    asyncio_logger.addHandler(collector)
    try:
        yield
    finally:
        asyncio_logger.removeHandler(collector)
        asyncio_logger.setLevel(previous_level)
        stacks = _current_stacks()
        _stop_watchdogs()

    if collector.found:
        pytest.fail(_failure_message(collector.found, stacks), pytrace=False)


def pytest_collection_finish(session: pytest.Session) -> None:
    # Everything imported so far lives as long as the run. Left to the
    # collector, a full collection walks it all (60-70 ms here, debug mode
    # makes garbage fast) and lands on whatever task step triggered it.
    gc.collect()
    gc.freeze()
