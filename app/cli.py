"""The ``asyncdesk`` command line."""

import argparse
import asyncio
import gc
import logging
import sys
from collections.abc import Sequence

import uvicorn

from app.config import get_settings
from app.db import migrate
from app.errors import DomainError
from app.logging import configure_logging

logger = logging.getLogger(__name__)


def _serve(args: argparse.Namespace) -> int:
    settings = get_settings()
    migrate.upgrade(settings.database_url)

    from app.main import create_app

    application = create_app(settings)
    # What is built by now lives as long as the process: keep it out of the
    # collector's full passes, which otherwise stall the loop for tens of ms.
    gc.collect()
    gc.freeze()
    uvicorn.run(
        application,
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


def _jobs_list(args: argparse.Namespace) -> int:
    from app.scheduler.commands import describe_jobs

    for line in describe_jobs(get_settings()):
        print(line)
    return 0


def _jobs_run(args: argparse.Namespace) -> int:
    from app.scheduler.commands import render_outcome, run_job
    from app.scheduler.registry import build_registry

    settings = get_settings()
    if args.name not in build_registry(settings):
        print(f"unknown job {args.name!r}; see 'asyncdesk jobs list'", file=sys.stderr)
        return 2

    outcome = asyncio.run(run_job(settings, args.name))
    print(render_outcome(args.name, outcome))
    return 0 if outcome is not None else 1


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

    jobs = commands.add_parser("jobs", help="the scheduled jobs")
    job_commands = jobs.add_subparsers(dest="jobs_command", required=True)
    job_commands.add_parser("list", help="list the jobs").set_defaults(
        handler=_jobs_list
    )
    run = job_commands.add_parser("run", help="run one job once, now")
    run.add_argument("name")
    run.set_defaults(handler=_jobs_run)

    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    configure_logging(get_settings().log_level)
    handler = args.handler
    try:
        result: int = handler(args)
    except DomainError as error:
        print(f"error: {error.code}: {error.message}", file=sys.stderr)
        return 1
    return result


if __name__ == "__main__":
    sys.exit(main())
