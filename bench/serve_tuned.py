"""An experiment, not asyncdesk as shipped: the fixes proposed for its /health tail.

``python -m bench.serve_tuned PORT`` serves asyncdesk (settings from the
environment, like ``asyncdesk serve``) with two changes: the password-hash
threads run at a lower CPU priority (nice 10), so the event loop's thread
wins the cores whenever it is runnable; and the objects that live as long as
the process are frozen out of the garbage collector's full collections.
"""

import concurrent.futures
import gc
import os
import sys
import threading
from typing import Any

import uvicorn

import app.auth.security
from app.config import get_settings
from app.db import migrate
from app.main import create_app

HASH_THREAD_NICENESS = 10


def _lower_priority() -> None:
    os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), HASH_THREAD_NICENESS)


class _NicePool(concurrent.futures.ThreadPoolExecutor):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, initializer=_lower_priority, **kwargs)


def main(port: int) -> None:
    settings = get_settings()
    migrate.upgrade(settings.database_url)
    app.auth.security.ThreadPoolExecutor = _NicePool  # type: ignore[attr-defined]
    application = create_app(settings)
    gc.collect()
    gc.freeze()
    uvicorn.run(application, host="127.0.0.1", port=port, log_level="warning")


if __name__ == "__main__":
    main(int(sys.argv[1]))
