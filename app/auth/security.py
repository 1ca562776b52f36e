"""Password hashing off the event loop, and access tokens."""

import asyncio
import logging
import os
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta

import jwt
from argon2 import PasswordHasher as Argon2Hasher
from argon2 import Type
from argon2.exceptions import InvalidHashError, VerificationError

from app.db.types import utcnow

logger = logging.getLogger(__name__)

TOKEN_ALGORITHM = "HS256"
USER_ID_PATTERN = re.compile(r"[1-9]\d{7}")


class PasswordHasher:
    """argon2id in a bounded pool of worker threads.

    argon2 releases the GIL while it works, so the pool runs on the other
    cores while the loop keeps serving; the bound (one thread per core by
    default) means a burst of sign-ups queues for the pool instead of
    starving everything else of CPU. The threads also run at a lower CPU
    priority (``niceness``), so whenever the loop's thread is runnable it
    wins a core over a hash.
    """

    def __init__(
        self,
        *,
        time_cost: int,
        memory_kib: int,
        parallelism: int,
        workers: int | None = None,
        niceness: int = 0,
    ) -> None:
        self._argon2 = Argon2Hasher(
            time_cost=time_cost,
            memory_cost=memory_kib,
            parallelism=parallelism,
            type=Type.ID,
        )
        self.workers = workers or os.cpu_count() or 1
        self._pool = ThreadPoolExecutor(
            max_workers=self.workers,
            thread_name_prefix="password-hash",
            initializer=_lower_thread_priority,
            initargs=(niceness,),
        )
        self._dummy_hash: str | None = None

    async def hash(self, password: str) -> str:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, self._argon2.hash, password)

    async def verify(self, password_hash: str | None, password: str) -> bool:
        """Check ``password``; with no hash, burn the same time and say no."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(
            self._pool, self._verify_sync, password_hash, password
        )

    def _verify_sync(self, password_hash: str | None, password: str) -> bool:
        if password_hash is None and self._dummy_hash is None:
            # Made in a pool thread on first need: a hash on the loop at
            # start-up would hold it for the length of one hash.
            self._dummy_hash = self._argon2.hash("asyncdesk-timing-equaliser")
        try:
            self._argon2.verify(password_hash or self._dummy_hash or "", password)
        except (VerificationError, InvalidHashError):
            return False
        return password_hash is not None

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


def _lower_thread_priority(niceness: int) -> None:
    if niceness <= 0 or not hasattr(os, "setpriority"):
        return
    try:
        # On Linux a thread's native ID is a valid target for PRIO_PROCESS.
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), niceness)
    except OSError:
        logger.warning("cannot lower the hash threads' priority", exc_info=True)


@dataclass(frozen=True)
class AccessToken:
    token: str
    expires_at: datetime


def create_access_token(
    user_id: str, *, secret: str, ttl_minutes: int, now: datetime | None = None
) -> AccessToken:
    issued_at = now or utcnow()
    expires_at = issued_at + timedelta(minutes=ttl_minutes)
    claims = {"sub": user_id, "iat": issued_at, "exp": expires_at, "typ": "access"}
    token = jwt.encode(claims, secret, algorithm=TOKEN_ALGORITHM)
    return AccessToken(token=token, expires_at=expires_at)


def read_access_token(token: str, *, secret: str) -> str | None:
    """The user id the token was issued to, or None when it is not valid."""
    try:
        claims = jwt.decode(
            token,
            secret,
            algorithms=[TOKEN_ALGORITHM],
            options={"require": ["sub", "exp", "iat"]},
        )
    except jwt.PyJWTError:
        return None

    subject = claims.get("sub")
    if claims.get("typ") != "access" or not isinstance(subject, str):
        return None
    if not USER_ID_PATTERN.fullmatch(subject):
        return None
    return subject
