"""Settings, read from ``ASYNCDESK_*`` environment variables and ``.env``."""

import secrets
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///./asyncdesk.db"
LOOP_SLOW_CALLBACK_ENV = "ASYNCDESK_LOOP_SLOW_CALLBACK_MS"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="ASYNCDESK_",
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
    )

    database_url: str = DEFAULT_DATABASE_URL
    database_pool_size: int = Field(default=10, ge=1)
    database_max_overflow: int = Field(default=20, ge=0)
    sqlite_busy_timeout_ms: int = Field(default=10_000, ge=0)

    secret_key: SecretStr = Field(
        default_factory=lambda: SecretStr(secrets.token_urlsafe(32))
    )
    access_token_ttl_minutes: int = Field(default=60, ge=1)

    email_verification: bool = True
    verification_ttl_hours: float = Field(default=24, gt=0)
    public_base_url: str = "http://127.0.0.1:8000"

    mail_backend: Literal["console", "smtp"] = "console"
    mail_from: str = "asyncdesk <no-reply@asyncdesk.local>"
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 25
    smtp_user: str | None = None
    smtp_password: SecretStr | None = None
    smtp_tls: Literal["none", "starttls", "tls"] = "none"
    smtp_timeout_seconds: float = Field(default=10, gt=0)

    password_hash_time_cost: int = Field(default=2, ge=1)
    password_hash_memory_kib: int = Field(default=19_456, ge=8)
    password_hash_parallelism: int = Field(default=1, ge=1)
    password_hash_workers: int | None = Field(default=None, ge=1)
    password_hash_niceness: int = Field(default=10, ge=0, le=19)

    scheduler_enabled: bool = True
    chat_timeout_seconds: float = Field(default=120, gt=0)
    chat_warning_seconds: float = Field(default=60, ge=0)
    support_job_interval_seconds: float = Field(default=30, gt=0)
    ended_chat_retention_days: float = Field(default=30, gt=0)
    agent_max_concurrent_chats: int = Field(default=5, ge=1)

    websocket_ping_interval_seconds: float = Field(default=20, gt=0)
    websocket_missed_pongs_limit: int = Field(default=3, ge=1)

    loop_lag_warn_ms: float = Field(default=100, gt=0)
    loop_lag_sample_interval_ms: float = Field(default=50, gt=0)
    # When set, asyncio debug mode logs every callback that holds the loop
    # longer than this ("Executing <callback> took N seconds"); 0 is off.
    loop_slow_callback_ms: float | None = Field(default=None, ge=0)

    max_body_bytes: int = Field(default=1_048_576, ge=1024)

    log_level: str = "INFO"

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


def get_settings() -> Settings:
    return Settings()
