"""Typed access to the hub kept on the application's state."""

from typing import Annotated

from fastapi import Depends
from starlette.requests import HTTPConnection

from app.realtime.hub import Hub


def get_hub(connection: HTTPConnection) -> Hub:
    hub: Hub = connection.app.state.hub
    return hub


HubDep = Annotated[Hub, Depends(get_hub)]
