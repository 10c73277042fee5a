"""The demo plant's accounts, with passwords anyone may read: it is demo data.

The login page of a demo replica lists these so that a visitor can try every
role. A real replica never holds them (the loader refuses to mix).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from cmms_core.demo.catalogue import EMAIL_DOMAIN, SITES
from cmms_core.rules.roles import Role

__all__ = ["DEMO_ACCOUNTS", "DemoAccount", "active_demo_accounts"]

_ALL_SITES = tuple(site.code for site in SITES)


@dataclass(frozen=True)
class DemoAccount:
    email: str
    password: str
    full_name: str
    role: Role
    # the sites granted (only those the generated plant has); admins need none
    site_codes: tuple[str, ...]
    status: str = "active"  # "pending": waits for the admin's approval
    skills: tuple[str, ...] = ()
    hourly_rate: Decimal | None = None
    phone: str | None = None
    language: str = "fr"


# Phones are in ARCEP's mobile range reserved for fiction (06 39 98 xx xx).
DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount(
        f"admin@{EMAIL_DOMAIN}",
        "Admin-2026!",
        "Marc Dubois",
        Role.ADMIN,
        (),
        phone="06 39 98 00 01",
    ),
    DemoAccount(
        f"claire.martin@{EMAIL_DOMAIN}",
        "Superviseur-2026!",
        "Claire Martin",
        Role.SUPERVISOR,
        _ALL_SITES,
        hourly_rate=Decimal("55.00"),
        phone="06 39 98 00 02",
    ),
    DemoAccount(
        f"julien.moreau@{EMAIL_DOMAIN}",
        "Technicien-2026!",
        "Julien Moreau",
        Role.TECHNICIAN,
        ("LYO",),
        skills=("mécanique", "hydraulique"),
        hourly_rate=Decimal("38.50"),
        phone="06 39 98 00 03",
    ),
    DemoAccount(
        f"karim.benali@{EMAIL_DOMAIN}",
        "Technicien-2026!",
        "Karim Benali",
        Role.TECHNICIAN,
        ("LYO", "STE"),
        skills=("électricité", "automatisme"),
        hourly_rate=Decimal("42.00"),
        phone="06 39 98 00 04",
    ),
    DemoAccount(
        f"sophie.lefevre@{EMAIL_DOMAIN}",
        "Technicien-2026!",
        "Sophie Lefèvre",
        Role.TECHNICIAN,
        ("GRE",),
        skills=("mécanique", "électricité", "automatisme"),
        hourly_rate=Decimal("40.00"),
        phone="06 39 98 00 05",
    ),
    DemoAccount(
        f"thomas.girard@{EMAIL_DOMAIN}",
        "Technicien-2026!",
        "Thomas Girard",
        Role.TECHNICIAN,
        ("STE", "GRE"),
        skills=("hydraulique", "mécanique"),
        hourly_rate=Decimal("36.00"),
        phone="06 39 98 00 06",
    ),
    DemoAccount(
        f"nadia.roux@{EMAIL_DOMAIN}",
        "Magasinier-2026!",
        "Nadia Roux",
        Role.STOREKEEPER,
        _ALL_SITES,
        phone="06 39 98 00 07",
    ),
    # Asked for an account and waits: the admin's approval page has someone to show.
    DemoAccount(
        f"lucas.petit@{EMAIL_DOMAIN}",
        "Technicien-2026!",
        "Lucas Petit",
        Role.TECHNICIAN,
        ("LYO",),
        status="pending",
        skills=("électricité",),
        hourly_rate=Decimal("34.00"),
        phone="06 39 98 00 08",
    ),
)


def active_demo_accounts() -> tuple[DemoAccount, ...]:
    """The accounts one can log in with."""
    return tuple(account for account in DEMO_ACCOUNTS if account.status == "active")
