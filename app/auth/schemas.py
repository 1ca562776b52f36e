"""Request and response bodies of the auth routes."""

from pydantic import BaseModel


class TokenRead(BaseModel):
    access_token: str
    token_type: str = "bearer"
