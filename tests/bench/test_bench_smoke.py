"""The bench's smoke mode runs end to end on this pass's database."""

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.databases import TEST_DATABASE_URL_ENV

ROOT = Path(__file__).resolve().parents[2]


def bench_command(out: Path) -> list[str]:
    command = [sys.executable, "-m", "bench", "--smoke", "--out", str(out)]
    server_url = os.environ.get(TEST_DATABASE_URL_ENV)
    if server_url:
        return [*command, "--database-url", server_url]
    return [*command, "--sqlite"]


def test_smoke_bench_writes_consistent_results(tmp_path: Path) -> None:
    result = subprocess.run(
        bench_command(tmp_path),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
    results = json.loads((tmp_path / "smoke.json").read_text())
    expected = "postgresql" if os.environ.get(TEST_DATABASE_URL_ENV) else "sqlite"
    variants = {entry["variant"]: entry for entry in results["signup"]["variants"]}
    assert set(variants) == {"asyncdesk", "blocking", "to_thread"}
    for entry in variants.values():
        assert entry["dialect"] == expected
        assert entry["rows"]["consistent"] is True
        assert entry["rows"]["users"] > 0
        assert all(level["signups"] > 0 for level in entry["levels"])
    assert variants["asyncdesk"]["levels"][0]["errors"] == 0
    assert results["signup"]["hash_limit_per_s"] > 0
    dialects = {run["dialect"] for run in results["jobs"]["runs"]}
    assert expected in dialects
    for run in results["jobs"]["runs"]:
        assert run["warn"]["outcome"]["warned"] == run["open_chats"] // 100
        assert run["end"]["outcome"]["ended"] == run["open_chats"] // 100
    assert 0 <= results["sampler"]["cpu_share_of_one_core"] < 1
    fanout = results["fanout"]
    assert fanout["dialect"] == expected
    assert fanout["received"] == fanout["clients"]
    assert "| asyncdesk | 1 |" in (tmp_path / "smoke.md").read_text()
