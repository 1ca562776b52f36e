"""The signed-in user's account."""

from fastapi import APIRouter

from app.auth.deps import CurrentUser
from app.users.schemas import UserRead

router = APIRouter(prefix="/users", tags=["users"])


@router.get("/me", response_model=UserRead)
async def read_me(user: CurrentUser) -> UserRead:
    return UserRead.model_validate(user)
