"""Passwords on the server: the same argon2id hashing as the replicas (cmms_core.passwords).

The hash is computed here, from the password the client sent over TLS, and
stored in ``users.password_hash``; replicas receive the hash by sync so that a
shared workshop PC can check it offline.
"""

from __future__ import annotations

from functools import cache

from cmms_core.passwords import (
    MIN_PASSWORD_LENGTH,
    hash_password,
    password_problem,
    verify_password,
)

__all__ = [
    "MIN_PASSWORD_LENGTH",
    "hash_password",
    "password_problem",
    "password_problem_message",
    "verify_password",
    "verify_password_for_unknown_user",
]

_PROBLEM_MESSAGES = {
    "too_short": f"The password must have at least {MIN_PASSWORD_LENGTH} characters.",
    "letters_and_digits": "The password must mix letters with digits or other characters.",
}


def password_problem_message(code: str) -> str:
    return _PROBLEM_MESSAGES.get(code, "This password is not acceptable.")


@cache
def _dummy_hash() -> str:
    return hash_password("not-a-real-password-0")


def verify_password_for_unknown_user(password: str) -> None:
    """Spend the time of a real check, so that an unknown e-mail answers no faster."""
    verify_password(_dummy_hash(), password)
