"""The demo plant as the login screens see it: is this replica the demo, and its accounts.

A thin adapter over ``cmms_desktop.store.demo`` and ``cmms_core.demo.accounts``.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine

from cmms_core.rules.roles import Role

__all__ = ["DemoAccount", "demo_accounts", "is_demo", "load_demo"]


@dataclass(frozen=True)
class DemoAccount:
    email: str
    password: str
    full_name: str
    role: Role
    pending: bool  # a request waiting for approval, to try the users page with


def is_demo(engine: Engine) -> bool:
    from cmms_desktop.store.demo import is_demo_replica

    return is_demo_replica(engine)


def load_demo(engine: Engine) -> None:
    from cmms_desktop.store.demo import load_demo_plant

    load_demo_plant(engine)


def demo_accounts() -> list[DemoAccount]:
    from cmms_core.demo.accounts import DEMO_ACCOUNTS

    return [
        DemoAccount(
            email=account.email,
            password=account.password,
            full_name=account.full_name,
            role=Role(account.role),
            pending=account.status == "pending",
        )
        for account in DEMO_ACCOUNTS
    ]
