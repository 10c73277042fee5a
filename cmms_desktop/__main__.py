"""``cmms-desktop``: start the desktop client, or render one page to a PNG.

    cmms-desktop [--data-dir DIR] [--lang fr|en]
    cmms-desktop --screenshot OUT.png --page PAGE [--user EMAIL] [--data-dir DIR] [--lang fr|en]

``--screenshot`` is a developer's tool: it renders PAGE off-screen at
1280×800 and exits. Pages behind a login are shown as ``--user`` (default:
the first active administrator) *without asking a password*: it only works
on a local data directory that the person running it already owns.
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
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.screenshot is None and (args.page is not None or args.user is not None):
        parser.error("--page and --user only go with --screenshot")
    if args.screenshot is not None and args.page is None:
        parser.error("--screenshot needs --page (e.g. --page login)")
    if args.screenshot is not None:
        # Render without a screen (and without flashing a window on one).
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from cmms_desktop.app import LaunchOptions, default_data_dir, run

    return run(
        LaunchOptions(
            data_dir=(args.data_dir or default_data_dir()).expanduser().resolve(),
            language=args.lang,
            screenshot=args.screenshot.resolve() if args.screenshot is not None else None,
            page=args.page,
            user=args.user,
        )
    )


if __name__ == "__main__":
    sys.exit(main())
