"""The checks of the account forms (login, register, first run), with translated messages."""

from __future__ import annotations

import re

from pydantic_core import PydanticCustomError
from PySide6.QtCore import QCoreApplication

from cmms_core.passwords import MIN_PASSWORD_LENGTH, password_problem

__all__ = [
    "confirmation_problem",
    "full_name_problem",
    "login_email_problem",
    "login_password_problem",
    "new_email_problem",
    "new_password_problem",
    "password_rules",
]

_EMAIL_SHAPE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def login_email_problem(text: str) -> str | None:
    """Only the shape: an account's address was checked when it was made."""
    if not text.strip():
        return QCoreApplication.translate("AccountFields", "Enter your e-mail address.")
    if not _EMAIL_SHAPE.match(text.strip()):
        return QCoreApplication.translate(
            "AccountFields", "This does not look like an e-mail address (name@company.com)."
        )
    return None


def login_password_problem(text: str) -> str | None:
    return QCoreApplication.translate("AccountFields", "Enter your password.") if not text else None


def new_email_problem(text: str) -> str | None:
    """The same check as the server's (pydantic's EmailStr), so a request is never refused."""
    shape = login_email_problem(text)
    if shape is not None:
        return shape
    from pydantic.networks import validate_email

    try:
        validate_email(text.strip())
    except PydanticCustomError:
        return QCoreApplication.translate("AccountFields", "This e-mail address is not valid.")
    return None


def full_name_problem(text: str) -> str | None:
    if not text.strip():
        return QCoreApplication.translate("AccountFields", "Enter the first and last name.")
    if len(text.strip()) > 200:
        return QCoreApplication.translate(
            "AccountFields", "The name is too long (200 characters at most)."
        )
    return None


def password_rules() -> str:
    return QCoreApplication.translate(
        "AccountFields", "At least {count} characters, mixing letters and digits or symbols."
    ).format(count=MIN_PASSWORD_LENGTH)


def new_password_problem(text: str) -> str | None:
    match password_problem(text):
        case None:
            return None
        case "too_short":
            return QCoreApplication.translate(
                "AccountFields", "Too short: at least {count} characters."
            ).format(count=MIN_PASSWORD_LENGTH)
        case "letters_and_digits":
            return QCoreApplication.translate(
                "AccountFields", "Mix letters with digits or symbols."
            )
        case other:
            return other


def confirmation_problem(password: str, confirmation: str) -> str | None:
    if not confirmation:
        return QCoreApplication.translate("AccountFields", "Type the password again.")
    if confirmation != password:
        return QCoreApplication.translate("AccountFields", "The two passwords differ.")
    return None
