"""``python -m bench``: run the benchmarks and write bench/results/.

Without options it runs the full bench against PostgreSQL at
postgresql://postgres@127.0.0.1:5432 (its own database, dropped at the end).
``--smoke`` runs tiny counts in a few seconds; ``--sqlite`` uses a SQLite
file instead of PostgreSQL.
"""

import argparse
import json
import logging
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.databases import DEFAULT_POSTGRES_URL
from bench.fanout import run_fanout_bench
from bench.jobs import run_jobs_bench
from bench.report import machine_info, render_markdown
from bench.sampler_cost import run_sampler_cost
from bench.servers import VARIANTS, HashCost
from bench.signup import SignupPlan, run_signup_bench

RESULTS = Path(__file__).resolve().parent / "results"
DEFAULT_CLIENTS = "1,16,64,256"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--smoke", action="store_true", help="tiny, a few seconds")
    parser.add_argument("--sqlite", action="store_true", help="no PostgreSQL")
    parser.add_argument("--database-url", default=DEFAULT_POSTGRES_URL)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--clients", default=DEFAULT_CLIENTS)
    parser.add_argument(
        "--parts",
        default="signup,jobs,fanout",
        help="comma-separated: signup, jobs, fanout",
    )
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument(
        "--variants",
        default=",".join(VARIANTS),
        help="sign-up designs, comma-separated",
    )
    return parser


def _signup_plan(args: argparse.Namespace) -> SignupPlan:
    server_url = None if args.sqlite else args.database_url
    variants = tuple(args.variants.split(","))
    if args.smoke:
        return SignupPlan((1, 4), 1.5, HashCost(1, 1024), server_url, variants)
    clients = tuple(int(n) for n in args.clients.split(","))
    cost = HashCost(2, 19_456)
    return SignupPlan(clients, args.seconds, cost, server_url, variants)


def run(args: argparse.Namespace) -> dict[str, Any]:
    parts = set(args.parts.split(","))
    results: dict[str, Any] = {
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "smoke": args.smoke,
        "machine": machine_info(None if args.sqlite else args.database_url),
    }
    results["sampler"] = run_sampler_cost(smoke=args.smoke)
    if "signup" in parts:
        results["signup"] = run_signup_bench(_signup_plan(args))
    if "jobs" in parts:
        results["jobs"] = run_jobs_bench(
            None if args.sqlite else args.database_url, smoke=args.smoke
        )
    if "fanout" in parts:
        results["fanout"] = run_fanout_bench(
            None if args.sqlite else args.database_url, smoke=args.smoke
        )
    return results


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING)
    args = build_parser().parse_args(argv)
    started = time.perf_counter()
    results = run(args)
    results["duration_s"] = round(time.perf_counter() - started, 1)

    args.out.mkdir(parents=True, exist_ok=True)
    stem = "smoke" if args.smoke else "latest"
    (args.out / f"{stem}.json").write_text(json.dumps(results, indent=2))
    markdown = render_markdown(results)
    (args.out / f"{stem}.md").write_text(markdown)
    print(markdown)
    return 0


if __name__ == "__main__":
    sys.exit(main())
