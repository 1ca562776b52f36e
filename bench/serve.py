"""Run one baseline server: ``python -m bench.serve MODE URL PORT T M``."""

import sys

import uvicorn

from bench.baseline import Mode, create_baseline_app


def main(argv: list[str]) -> None:
    mode, database_url, port, time_cost, memory_kib = argv
    if mode not in ("blocking", "to_thread"):
        raise SystemExit(f"unknown baseline {mode}")
    selected: Mode = "blocking" if mode == "blocking" else "to_thread"
    app = create_baseline_app(
        selected, database_url, time_cost=int(time_cost), memory_kib=int(memory_kib)
    )
    uvicorn.run(app, host="127.0.0.1", port=int(port), log_level="warning")


if __name__ == "__main__":
    main(sys.argv[1:])
