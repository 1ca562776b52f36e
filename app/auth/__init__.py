"""Accounts, sign-up, email verification and login."""
