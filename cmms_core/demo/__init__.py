"""The demo plant: a deterministic, seedable French factory to explore and benchmark.

Qt-free and I/O-free: ``generate_demo_plant`` yields rows; the desktop's
``cmms_desktop.store.demo`` loads them into a replica.
"""

from cmms_core.demo.accounts import DEMO_ACCOUNTS, DemoAccount, active_demo_accounts
from cmms_core.demo.generator import (
    DEFAULT_REFERENCE_DATE,
    DEFAULT_SCALE,
    DemoScale,
    generate_demo_plant,
)

__all__ = [
    "DEFAULT_REFERENCE_DATE",
    "DEFAULT_SCALE",
    "DEMO_ACCOUNTS",
    "DemoAccount",
    "DemoScale",
    "active_demo_accounts",
    "generate_demo_plant",
]
