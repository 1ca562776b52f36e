"""The Markdown report and the target check, from the JSON results."""

import os
import platform
from typing import Any

import psycopg
from sqlalchemy.engine import make_url

from bench.fanout import fanout_lines, fanout_targets
from bench.jobs import jobs_lines, jobs_targets
from bench.sampler_cost import sampler_lines, sampler_targets

TARGET_HEALTH_P99_MS = 15.0
TARGET_HEALTH_MAX_MS = 60.0
TARGET_LAG_P99_MS = 10.0
TARGET_HASH_FRACTION = 0.8
TARGET_WARN_MS = 250.0
TARGET_WARN_SPEEDUP = 20.0
BASELINES = ("blocking", "to_thread")


def machine_info(server_url: str | None) -> dict[str, Any]:
    info: dict[str, Any] = {
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(terse=True),
    }
    if server_url is not None:
        dsn = make_url(server_url).set(drivername="postgresql", database="postgres")
        with psycopg.connect(dsn.render_as_string(hide_password=False)) as conn:
            row = conn.execute("SHOW server_version").fetchone()
        info["postgresql"] = row[0] if row else None
    return info


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.3g}" if abs(value) < 10 else f"{value:.0f}"
    return str(value)


def signup_table(signup: dict[str, Any]) -> list[str]:
    lines = [
        f"Hash-bound limit: {signup['hash_limit_per_s']} hashes/s "
        f"(before/after the servers: {signup['hash_limit_before_after']}) "
        f"(argon2id t={signup['hash_cost']['time_cost']}, "
        f"m={signup['hash_cost']['memory_kib']} KiB, p=1, one thread per core); "
        f"{signup['seconds_per_level']} s per step.",
        "",
        "| design | clients | sign-ups/s | of hash limit | sign-up p50 ms "
        "| sign-up p99 ms | errors | /health p50 ms | /health p99 ms "
        "| /health max ms | loop lag p99 ≤ ms |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for variant in signup["variants"]:
        for level in variant["levels"]:
            latency, health = level["latency"], level["health"]
            cells = [
                variant["variant"],
                level["clients"],
                level["signups_per_s"],
                f"{level['fraction_of_hash_limit']:.0%}",
                latency["p50_ms"],
                latency["p99_ms"],
                level["errors"],
                health["p50_ms"],
                health["p99_ms"],
                health["max_ms"],
                level["loop_lag_p99_le_ms"],
            ]
            lines.append("| " + " | ".join(_cell(cell) for cell in cells) + " |")
    lines += ["", "Rows written (user = usage = ledger row = code use):", ""]
    for variant in signup["variants"]:
        rows = variant["rows"]
        lines.append(
            f"- {variant['variant']}: {rows['users']} users, {rows['usages']} "
            f"usages, {rows['ledger_rows']} ledger rows with balance_after="
            f"{rows['ledger_rows'] and 100}, consistent: {rows['consistent']}"
        )
    return lines


def _levels(signup: dict[str, Any], variant: str) -> dict[int, dict[str, Any]]:
    for entry in signup["variants"]:
        if entry["variant"] == variant:
            return {level["clients"]: level for level in entry["levels"]}
    return {}


def ratio_lines(signup: dict[str, Any]) -> list[str]:
    ours = _levels(signup, "asyncdesk")
    lines = [
        "",
        "| clients | sign-ups/s vs blocking | vs to_thread "
        "| /health p99 blocking ÷ asyncdesk | to_thread ÷ asyncdesk |",
        "|---|---|---|---|---|",
    ]
    for clients, level in ours.items():
        cells: list[Any] = [clients]
        others = [_levels(signup, name).get(clients) for name in BASELINES]
        for other in others:
            theirs = other["signups_per_s"] if other else None
            cells.append(_ratio(level["signups_per_s"], theirs))
        for other in others:
            theirs = other["health"]["p99_ms"] if other else None
            cells.append(_ratio(theirs, level["health"]["p99_ms"]))
        lines.append("| " + " | ".join(_cell(cell) for cell in cells) + " |")
    return lines


def _ratio(top: float | None, bottom: float | None) -> str | None:
    if not top or not bottom:
        return None
    return f"{top / bottom:.2f}x"


def signup_targets(signup: dict[str, Any]) -> list[tuple[str, bool, str]]:
    ours = _levels(signup, "asyncdesk")
    at64, at256 = ours.get(64), ours.get(256)
    thread64 = _levels(signup, "to_thread").get(64)
    checks: list[tuple[str, bool, str]] = []
    if at64:
        health = at64["health"]
        checks.append(
            (
                "/health p99 ≤ 15 ms and max ≤ 60 ms at 64 clients",
                health["p99_ms"] <= TARGET_HEALTH_P99_MS
                and health["max_ms"] <= TARGET_HEALTH_MAX_MS,
                f"p99 {health['p99_ms']} ms, max {health['max_ms']} ms",
            )
        )
        lag = at64["loop_lag_p99_le_ms"]
        checks.append(
            (
                "loop lag p99 ≤ 10 ms at 64 clients",
                lag is not None and lag <= TARGET_LAG_P99_MS,
                f"p99 bucket ≤ {lag} ms",
            )
        )
        fraction = at64["fraction_of_hash_limit"]
        checks.append(
            (
                "sign-ups/s ≥ 80% of the hash-bound limit at 64 clients",
                fraction >= TARGET_HASH_FRACTION,
                f"{fraction:.0%}",
            )
        )
    if at64 and thread64:
        checks.append(
            (
                "sign-ups/s ≥ to_thread's at 64 clients",
                at64["signups_per_s"] >= thread64["signups_per_s"],
                f"{at64['signups_per_s']} vs {thread64['signups_per_s']}",
            )
        )
    if at256:
        checks.append(
            (
                "zero errors at 256 clients",
                at256["errors"] == 0,
                f"{at256['errors']} errors",
            )
        )
    return checks


def render_markdown(results: dict[str, Any]) -> str:
    machine = results["machine"]
    lines = [
        f"# asyncdesk bench — {results['started_at']}",
        "",
        f"Machine: {machine['cores']} cores, {machine['platform']}, Python "
        f"{machine['python']}, PostgreSQL {machine.get('postgresql', 'n/a (SQLite)')}.",
        "",
    ]
    checks: list[tuple[str, bool, str]] = []
    if "sampler" in results:
        lines += ["## Loop-lag sampler", "", *sampler_lines(results["sampler"]), ""]
        checks += sampler_targets(results["sampler"])
    if "signup" in results:
        lines += ["## Sign-up", "", *signup_table(results["signup"])]
        lines += ratio_lines(results["signup"])
        checks += signup_targets(results["signup"])
    if "jobs" in results:
        lines += ["", "## Support jobs", "", *jobs_lines(results["jobs"])]
        checks += jobs_targets(results["jobs"])
    if "fanout" in results:
        lines += ["", "## WebSocket fan-out", "", *fanout_lines(results["fanout"])]
        checks += fanout_targets(results["fanout"])
    if checks and not results.get("smoke"):
        lines += ["", "## Targets", ""]
        lines += [
            f"- {'met' if ok else 'MISSED'}: {name} ({measured})"
            for name, ok, measured in checks
        ]
    return "\n".join(lines) + "\n"
