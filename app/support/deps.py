"""Dependencies of the support routes."""

from typing import Annotated

from fastapi import Depends
from starlette.requests import HTTPConnection

from app.auth.deps import require_role
from app.auth.models import Role, User
from app.scheduler.context import JobContext

CustomerUser = Annotated[User, Depends(require_role(Role.USER))]


def get_job_context(connection: HTTPConnection) -> JobContext:
    context: JobContext = connection.app.state.job_context
    return context


JobContextDep = Annotated[JobContext, Depends(get_job_context)]
