"""Request and response bodies of the auth routes."""

from pydantic import BaseModel, EmailStr, Field, StrictBool

from app.schemas import SingleLine

EMAIL_MAX_LENGTH = 254


class TokenRead(BaseModel):
    access_token: str
    token_type: str = "bearer"


class RegisterRequest(BaseModel):
    email: EmailStr = Field(max_length=EMAIL_MAX_LENGTH)
    name: SingleLine = Field(max_length=256)
    password: str = Field(max_length=1024)
    agreed_to_terms: StrictBool
    invitation_code: SingleLine | None = Field(default=None, max_length=256)


class InvitationRead(BaseModel):
    status: str
    reason: str | None = None
    inviter_id: str | None = None


class RegisterRead(BaseModel):
    email: str
    verification_required: bool
    user_id: str | None
    invitation: InvitationRead


class VerifyRead(BaseModel):
    user_id: str
    email: str
    invitation: InvitationRead


class ResendRequest(BaseModel):
    email: SingleLine = Field(max_length=1024)


class AcceptedRead(BaseModel):
    status: str = "accepted"
