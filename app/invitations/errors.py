"""Errors of invitation-code administration."""

from app.errors import Conflict, NotFound, Unprocessable


class CodeNotFound(NotFound):
    code = "code_not_found"
    message = "No invitation code with this ID."


class CodeTaken(Conflict):
    code = "code_taken"
    message = "An invitation code with this text already exists."


class CodeReserved(Unprocessable):
    code = "code_reserved"
    message = "Eight digits alone mean an inviter's user ID, not a code."


class InvalidReward(Unprocessable):
    code = "invalid_reward"


class InvalidValidity(Unprocessable):
    code = "invalid_validity"
    message = "valid_until must be later than valid_from."


class NotNullable(Unprocessable):
    code = "field_not_nullable"
