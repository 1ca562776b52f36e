"""What a job needs to run, handed over explicitly instead of module globals."""

from dataclasses import dataclass

from app.config import Settings
from app.db.session import Database
from app.realtime.hub import Hub


@dataclass(frozen=True)
class JobContext:
    database: Database
    hub: Hub
    settings: Settings


JobOutcome = dict[str, int]
