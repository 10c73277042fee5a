"""``cmms-server``: migrate the database, create the first administrator, serve.

    cmms-server migrate
    cmms-server create-admin --email admin@usine.fr --name "Claire Martin"
    cmms-server load-demo --seed 42            # instead of create-admin: a demo plant
    cmms-server serve --host 127.0.0.1 --port 8000

Every subcommand reads its settings from the ``CMMS_*`` environment variables
(docs/server.md). Adding a subcommand: write ``_cmd_<name>(args, settings)``
and add its parser in ``build_parser`` with ``set_defaults(handler=...)``.
"""

from __future__ import annotations

import argparse
import getpass
import logging
import os
import sys
import uuid
from collections.abc import Callable, Sequence

from pydantic import ValidationError
from sqlalchemy.exc import OperationalError

from cmms_core.mutations import MutationRejected
from cmms_core.schema.types import utcnow
from sync_server.auth.passwords import hash_password, password_problem, password_problem_message
from sync_server.config import Settings
from sync_server.db import engine_from_settings
from sync_server.sync.server_mutation import run_server_mutation

__all__ = ["build_parser", "main"]

ADMIN_PASSWORD_ENV = "CMMS_ADMIN_PASSWORD"

Handler = Callable[[argparse.Namespace, Settings], int]


def _fail(message: str, code: int = 1) -> int:
    print(f"cmms-server: {message}", file=sys.stderr)
    return code


def _cmd_migrate(args: argparse.Namespace, settings: Settings) -> int:
    from sync_server.migrations import upgrade

    upgrade(settings.direct_database_url, args.revision)
    print(f"database migrated to {args.revision}")
    return 0


def _read_admin_password() -> str | None:
    from_env = os.environ.get(ADMIN_PASSWORD_ENV)
    if from_env:
        return from_env
    if not sys.stdin.isatty():
        return None
    first = getpass.getpass("Password of the administrator: ")
    second = getpass.getpass("Same password again: ")
    if first != second:
        raise ValueError("the two passwords differ")
    return first


def _cmd_create_admin(args: argparse.Namespace, settings: Settings) -> int:
    try:
        password = _read_admin_password()
    except ValueError as error:
        return _fail(str(error))
    if password is None:
        return _fail(f"no terminal to ask the password: set {ADMIN_PASSWORD_ENV}")
    problem = password_problem(password)
    if problem is not None:
        return _fail(password_problem_message(problem))
    payload = {
        "id": uuid.uuid4(),
        "email": args.email,
        "full_name": args.name,
        "password_hash": hash_password(password),
        "role": "admin",
        "language": args.language,
    }
    engine = engine_from_settings(settings)
    try:
        with engine.begin() as connection:
            # a version (writers' lock taken), so that every replica pulls the account
            run_server_mutation(connection, None, "user.create_first_admin", payload, now=utcnow())
    except MutationRejected as error:
        details = ", ".join(f"{k}: {v}" for k, v in error.field_errors.items())
        return _fail(f"{error.message}" + (f" ({details})" if details else ""))
    finally:
        engine.dispose()
    print(f"administrator {args.email} created")
    return 0


def _cmd_load_demo(args: argparse.Namespace, settings: Settings) -> int:
    from cmms_core.demo import DemoScale
    from sync_server.demo import DemoRefused, load_demo_plant

    scale = DemoScale.benchmark() if args.scale == "benchmark" else DemoScale.default()
    # one long transaction: on the direct URL, like the migrations
    engine = engine_from_settings(settings, direct=True)
    try:
        with engine.begin() as connection:
            summary = load_demo_plant(connection, args.seed, scale)
    except DemoRefused as error:
        return _fail(str(error))
    finally:
        engine.dispose()
    print(
        f"demo plant loaded (seed {summary.seed}): {summary.total_rows} rows "
        f"in {summary.seconds:.1f} s"
    )
    return 0


def _cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    # The factory reads the settings from the environment in each worker.
    uvicorn.run(
        "sync_server.main:create_served_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        log_level=args.log_level,
        proxy_headers=args.proxy_headers,
        forwarded_allow_ips=args.forwarded_allow_ips,
        # longer than the clients keep idle connections (see Settings.keep_alive_seconds)
        timeout_keep_alive=settings.keep_alive_seconds,
    )
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cmms-server",
        description="The CMMS sync service. Settings come from CMMS_* environment variables.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    migrate = commands.add_parser(
        "migrate", help="create or upgrade the database tables (alembic upgrade)"
    )
    migrate.add_argument("--revision", default="head", help="target revision (default: head)")
    migrate.set_defaults(handler=_cmd_migrate)

    admin = commands.add_parser(
        "create-admin",
        help="create the first administrator of an empty database",
        description=(
            f"The password is read from {ADMIN_PASSWORD_ENV}, else asked on the terminal."
        ),
    )
    admin.add_argument("--email", required=True)
    admin.add_argument("--name", required=True, help="full name")
    admin.add_argument("--language", choices=("fr", "en"), default="fr")
    admin.set_defaults(handler=_cmd_create_admin)

    demo = commands.add_parser(
        "load-demo",
        help="fill an empty database with the demo plant (accounts in cmms_core.demo)",
    )
    demo.add_argument("--seed", type=int, default=42)
    demo.add_argument(
        "--scale",
        choices=("default", "benchmark"),
        default="default",
        help="default: ~300 equipments; benchmark: 100,000 equipments",
    )
    demo.set_defaults(handler=_cmd_load_demo)

    serve = commands.add_parser("serve", help="run the HTTP service (uvicorn)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1)
    serve.add_argument(
        "--log-level", default="info", choices=("critical", "error", "warning", "info", "debug")
    )
    serve.add_argument(
        "--proxy-headers",
        action="store_true",
        help="trust X-Forwarded-For/Proto from --forwarded-allow-ips (behind a reverse proxy)",
    )
    serve.add_argument("--forwarded-allow-ips", default="127.0.0.1")
    serve.set_defaults(handler=_cmd_serve)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    try:
        settings = Settings()
    except ValidationError as error:
        lines = [
            f"  {'.'.join(str(p) for p in e['loc']) or 'settings'}: {e['msg']}"
            for e in error.errors()
        ]
        return _fail("invalid configuration:\n" + "\n".join(lines), 2)
    handler: Handler = args.handler
    try:
        return handler(args, settings)
    except OperationalError as error:
        return _fail(f"cannot reach the database: {' '.join(str(error.orig).split())}")


if __name__ == "__main__":
    sys.exit(main())
