"""The application's code reaches for no blocking module or call.

The blocking guard catches a stall while it happens; this catches the
ingredients of one before they run: a synchronous driver, client or sleep,
or a thread that pokes the loop from outside.
"""

import ast
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parents[1] / "app"

# Synchronous drivers and clients: any import of these is a defect.
BLOCKING_ROOTS = {"sqlite3", "psycopg", "psycopg2", "pymysql", "requests", "smtplib"}
BLOCKING_MODULES = {"urllib.request", "http.client", "redis.client"}
BLOCKING_CALLS = {
    "time.sleep",
    "asyncio.run_coroutine_threadsafe",
    "run_until_complete",
    "threading.Thread",
    "sqlalchemy.create_engine",
    "sqlalchemy.orm.sessionmaker",
    "subprocess.run",
    "os.system",
    "redis.Redis",
    "redis.StrictRedis",
    "sqlalchemy.orm.Session",
}


def _sources() -> list[Path]:
    return sorted(APP.rglob("*.py"))


def _imported_modules(tree: ast.AST) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def _called_names(tree: ast.AST) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            names.add(ast.unparse(node.func))
    return names


def _blocking_uses(tree: ast.AST) -> set[str]:
    modules = _imported_modules(tree)
    calls = _called_names(tree)
    loop_pokes = {"run_until_complete", "run_coroutine_threadsafe"}

    return (
        {
            m
            for m in modules
            if m.split(".")[0] in BLOCKING_ROOTS or m in BLOCKING_MODULES
        }
        | (modules & BLOCKING_CALLS)
        | (calls & BLOCKING_CALLS)
        | {call for call in calls if call.rsplit(".", 1)[-1] in loop_pokes}
    )


@pytest.mark.parametrize("path", _sources(), ids=lambda p: str(p.relative_to(APP)))
def test_no_blocking_module_or_call(path: Path) -> None:
    tree = ast.parse(path.read_text(), filename=str(path))

    assert _blocking_uses(tree) == set()


@pytest.mark.parametrize(
    ("source", "use"),
    [
        ("import time\ntime.sleep(1)", "time.sleep"),
        ("from time import sleep\nsleep(1)", "time.sleep"),
        ("import sqlite3", "sqlite3"),
        ("from psycopg import connect", "psycopg"),
        ("from sqlalchemy import create_engine", "sqlalchemy.create_engine"),
        ("loop.run_until_complete(main())", "loop.run_until_complete"),
        (
            "asyncio.run_coroutine_threadsafe(c, loop)",
            "asyncio.run_coroutine_threadsafe",
        ),
    ],
)
def test_the_scan_sees_blocking_uses(source: str, use: str) -> None:
    assert use in _blocking_uses(ast.parse(source))
