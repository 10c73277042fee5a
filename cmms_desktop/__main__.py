"""``cmms-desktop``: start the desktop client, render one page to a PNG, or sync.

    cmms-desktop [--data-dir DIR] [--lang fr|en]
    cmms-desktop --screenshot OUT.png --page PAGE [--user EMAIL] [--data-dir DIR] [--lang fr|en]
    cmms-desktop [--data-dir DIR] sync --server URL [--email EMAIL]

``--screenshot`` is a developer's tool: it renders PAGE off-screen at
1280×800 and exits. Pages behind a login are shown as ``--user`` (default:
the first active administrator) *without asking a password*: it only works
on a local data directory that the person running it already owns.

``sync`` runs one synchronisation cycle without a window (a scheduled task,
a script). Credentials come from the environment (``CMMS_SYNC_EMAIL`` and
``CMMS_SYNC_PASSWORD``, or ``CMMS_SYNC_TOKEN``), else from the session the
application keeps for that server in the system's credential store (the
account that last connected from this data directory, or ``--email``).
Exit codes: 0 synced, 2 offline, 3 credentials refused or missing, 4 this
version is too old for the server, 1 anything else.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cmms-desktop",
        description="Offline-first maintenance management (CMMS): the desktop client.",
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        help="folder of the local replica and attachments (default: the user's data folder)",
    )
    parser.add_argument(
        "--lang",
        choices=("fr", "en"),
        help="interface language (default: the one last picked on this computer, else fr)",
    )
    parser.add_argument(
        "--screenshot",
        type=Path,
        metavar="OUT.png",
        help="render --page off-screen to this PNG file and exit (developer tool)",
    )
    parser.add_argument(
        "--page",
        help="page to render with --screenshot: login, first-run, register, users, equipment, ...",
    )
    parser.add_argument(
        "--user",
        metavar="EMAIL",
        help="with --screenshot: the account to show logged-in pages as (no password asked; "
        "default: the first active administrator)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    sync = commands.add_parser(
        "sync",
        help="synchronise the local data with the server once, without a window, and exit",
        description="One synchronisation cycle (push the local changes, pull the server's), "
        "without a window. Credentials: CMMS_SYNC_EMAIL and CMMS_SYNC_PASSWORD (or "
        "CMMS_SYNC_TOKEN), else the session kept in the system's credential store.",
    )
    sync.add_argument(
        "--server", required=True, metavar="URL", help="the sync server (https://...)"
    )
    sync.add_argument(
        "--email",
        help="with no credentials in the environment: the account whose stored session to use "
        "(default: the last one connected from this data directory)",
    )
    return parser


EXIT_NO_CREDENTIALS = 3


def _sync(data_dir: Path, server: str, email: str | None) -> int:
    """The ``sync`` command: one headless cycle. Imports no Qt."""
    from cmms_desktop.sync.cli import EXIT_CODES, run_headless_sync

    if os.environ.get("CMMS_SYNC_PASSWORD") or os.environ.get("CMMS_SYNC_TOKEN"):
        return run_headless_sync(data_dir, server)

    from cmms_desktop.store import open_replica
    from cmms_desktop.store.meta import device_id, get_meta
    from cmms_desktop.sync.client import SyncError
    from cmms_desktop.sync.credentials import (
        SERVER_EMAIL_META_KEY,
        PasswordNeeded,
        ServerAccount,
        TokenStore,
    )

    replica = open_replica(data_dir)
    try:
        device = device_id(replica.engine)
        email = (
            email
            or os.environ.get("CMMS_SYNC_EMAIL")
            or get_meta(replica.engine, SERVER_EMAIL_META_KEY)
        )
    finally:
        replica.dispose()
    store = TokenStore()
    if not email:
        print(
            "sync: no credentials: set CMMS_SYNC_EMAIL and CMMS_SYNC_PASSWORD (or "
            "CMMS_SYNC_TOKEN), or connect once from the application (File > "
            "Synchronisation server...)",
            file=sys.stderr,
        )
        return EXIT_NO_CREDENTIALS
    account = ServerAccount(server, email, device, store)
    try:
        token = account.access_token()
    except PasswordNeeded as error:
        where = (
            "the system's credential store"
            if store.is_secure()
            else f"memory (there is no system credential store here: {store.refusal})"
        )
        print(
            f"sync: no session for {email} on {account.server_url} in {where} ({error.message}); "
            "set CMMS_SYNC_EMAIL and CMMS_SYNC_PASSWORD, or connect from the application",
            file=sys.stderr,
        )
        return EXIT_NO_CREDENTIALS
    except SyncError as error:
        status = {"Offline": "offline", "UpgradeRequired": "upgrade_required"}.get(
            type(error).__name__, "refused"
        )
        print(f"sync {status}: {error.message}", file=sys.stderr)
        return EXIT_CODES[status]
    return run_headless_sync(data_dir, account.server_url, None, token)


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command == "sync":
        if args.screenshot is not None or args.page is not None or args.user is not None:
            parser.error("sync goes without --screenshot, --page and --user")
        from cmms_desktop.sync.credentials import normalize_server_url

        try:
            server = normalize_server_url(args.server)
        except ValueError:
            parser.error(f"--server: not a server address: {args.server!r} (https://...)")
        from cmms_desktop.store.replica import ReplicaError

        try:
            return _sync(_data_dir(args.data_dir), server, args.email)
        except ReplicaError as error:
            print(f"sync: cannot use the local data, nothing was sent: {error}", file=sys.stderr)
            return 1
    if args.screenshot is None and (args.page is not None or args.user is not None):
        parser.error("--page and --user only go with --screenshot")
    if args.screenshot is not None and args.page is None:
        parser.error("--screenshot needs --page (e.g. --page login)")
    if args.screenshot is not None:
        # Render without a screen (and without flashing a window on one).
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from cmms_desktop.app import LaunchOptions, run

    return run(
        LaunchOptions(
            data_dir=_data_dir(args.data_dir),
            language=args.lang,
            screenshot=args.screenshot.resolve() if args.screenshot is not None else None,
            page=args.page,
            user=args.user,
        )
    )


def _data_dir(given: Path | None) -> Path:
    from cmms_desktop.app import default_data_dir

    return (given or default_data_dir()).expanduser().resolve()


if __name__ == "__main__":
    sys.exit(main())
