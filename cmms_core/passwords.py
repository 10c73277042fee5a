"""Password hashing (argon2id), shared by offline login on replicas and the server."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_PASSWORD_LENGTH = 8


def _hasher() -> PasswordHasher:
    # argon2-cffi's defaults (RFC 9106 low-memory profile) cost ~50 ms here:
    # slow for a guesser, quick enough for a login.
    return PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def password_problem(password: str) -> str | None:
    """Why a new password is not acceptable, as a code, or None when it is."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return "too_short"
    if password.isdigit() or password.isalpha():
        return "letters_and_digits"
    return None
