"""The ``asyncdesk`` command line."""

import argparse
import asyncio
import logging
import sys
from collections.abc import Sequence

import uvicorn

from app.config import get_settings
from app.db import migrate
from app.logging import configure_logging

logger = logging.getLogger(__name__)


def _serve(args: argparse.Namespace) -> int:
    settings = get_settings()
    migrate.upgrade(settings.database_url)

    from app.main import create_app

    uvicorn.run(
        create_app(settings),
        host=args.host,
        port=args.port,
        log_config=None,
        ws_ping_interval=None,
        ws_ping_timeout=None,
    )
    return 0


def _migrate(args: argparse.Namespace) -> int:
    migrate.upgrade(get_settings().database_url, args.revision)
    return 0


def _create_user(args: argparse.Namespace) -> int:
    from app.auth.commands import create_user

    user_id = asyncio.run(
        create_user(
            get_settings(),
            email=args.email,
            name=args.name,
            password=args.password,
            role=args.role,
        )
    )
    print(user_id)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="asyncdesk")
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="migrate, then run the server")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.set_defaults(handler=_serve)

    migrate_cmd = commands.add_parser("migrate", help="apply the migrations")
    migrate_cmd.add_argument("revision", nargs="?", default="head")
    migrate_cmd.set_defaults(handler=_migrate)

    create_user = commands.add_parser("create-user", help="create a verified user")
    create_user.add_argument("--email", required=True)
    create_user.add_argument("--name", required=True)
    create_user.add_argument("--password", required=True)
    create_user.add_argument(
        "--role", choices=["admin", "agent", "user"], default="user"
    )
    create_user.set_defaults(handler=_create_user)

    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    configure_logging(get_settings().log_level)
    handler = args.handler
    result: int = handler(args)
    return result


if __name__ == "__main__":
    sys.exit(main())
