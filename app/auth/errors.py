"""Errors of sign-up, verification and login."""

from app.errors import Conflict, DomainError, Unauthorized, Unprocessable


class InvalidCredentials(Unauthorized):
    code = "invalid_credentials"
    message = "The email or password is wrong."


class EmailTaken(Conflict):
    code = "email_taken"
    message = "An account with this email already exists."


class NameTaken(Conflict):
    code = "name_taken"
    message = "This name is already taken."


class TermsNotAccepted(Unprocessable):
    code = "terms_not_accepted"
    message = "The terms must be accepted to sign up."


class WeakPassword(Unprocessable):
    code = "weak_password"


class ReservedName(Unprocessable):
    code = "reserved_name"
    message = "This name is reserved."


class InvalidName(Unprocessable):
    code = "invalid_name"


class TokenInvalid(DomainError):
    code = "token_invalid"
    message = "This verification link is not valid or was already used."


class TokenExpired(DomainError):
    code = "token_expired"
    message = "This verification link has expired; ask for a new one."


class InvalidEmail(Unprocessable):
    code = "invalid_email"
    message = "This is not a valid email address."
