"""Invitation-code administration (role admin)."""

from fastapi import APIRouter, status

from app.auth.deps import AdminUser
from app.db.deps import SessionDep
from app.errors import Forbidden, Unauthorized, error_responses
from app.invitations import admin
from app.invitations.errors import (
    CodeNotFound,
    CodeReserved,
    CodeTaken,
    InvalidReward,
    InvalidValidity,
)
from app.invitations.schemas import (
    InvitationCodeCreate,
    InvitationCodeRead,
    InvitationCodeUpdate,
    InvitationUsageRead,
)
from app.paging import PageDep
from app.rewards.service import CouponNotFound
from app.schemas import ResourceId

router = APIRouter(
    prefix="/admin/invitation-codes",
    tags=["admin"],
    responses=error_responses(Unauthorized, Forbidden),
)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=InvitationCodeRead,
    responses=error_responses(
        CodeTaken, CodeReserved, InvalidReward, InvalidValidity, CouponNotFound
    ),
)
async def create_code(
    body: InvitationCodeCreate, session: SessionDep, _: AdminUser
) -> InvitationCodeRead:
    code = await admin.create(session, body)
    return InvitationCodeRead.model_validate(code)


@router.get("", response_model=list[InvitationCodeRead])
async def list_codes(
    session: SessionDep, _: AdminUser, page: PageDep
) -> list[InvitationCodeRead]:
    codes = await admin.list_codes(session, page)
    return [InvitationCodeRead.model_validate(code) for code in codes]


@router.patch(
    "/{code_id}",
    response_model=InvitationCodeRead,
    responses=error_responses(
        CodeNotFound, InvalidReward, InvalidValidity, CouponNotFound
    ),
)
async def update_code(
    body: InvitationCodeUpdate,
    session: SessionDep,
    _: AdminUser,
    code_id: ResourceId,
) -> InvitationCodeRead:
    code = await admin.update(session, code_id, body)
    return InvitationCodeRead.model_validate(code)


@router.get(
    "/{code_id}/usages",
    response_model=list[InvitationUsageRead],
    responses=error_responses(CodeNotFound),
)
async def list_usages(
    session: SessionDep, _: AdminUser, page: PageDep, code_id: ResourceId
) -> list[InvitationUsageRead]:
    usages = await admin.usages(session, code_id, page)
    return [InvitationUsageRead.model_validate(usage) for usage in usages]
