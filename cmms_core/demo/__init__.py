"""The demo plant: a deterministic, seedable French factory to explore and benchmark.

Qt-free: ``generate_demo_plant`` yields rows; ``insert_demo_plant`` writes them
through a connection, for the replica (``cmms_desktop.store.demo``) and the
server (``sync_server.demo``) alike.
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
