import pytest
from fastapi import FastAPI

from app.scheduler.context import JobContext
from tests.support.hub import RecordingHub


@pytest.fixture
def hub() -> RecordingHub:
    return RecordingHub()


@pytest.fixture
def context(app: FastAPI, hub: RecordingHub) -> JobContext:
    return JobContext(app.state.database, hub, app.state.settings)
