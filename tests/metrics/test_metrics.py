import asyncio
import logging

import httpx
import pytest
from fastapi import FastAPI
from prometheus_client.parser import text_string_to_metric_families

from app.metrics import Metrics
from app.metrics.sampler import LoopLagSampler
from tests.factories import create_user_and_login


def samples(text: str, name: str) -> list[tuple[dict[str, str], float]]:
    return [
        (sample.labels, sample.value)
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if sample.name == name
    ]


def lag_sample_count(metrics: Metrics) -> float:
    (family,) = metrics.loop_lag.collect()
    return next(s.value for s in family.samples if s.name.endswith("_count"))


async def scrape(client: httpx.AsyncClient) -> str:
    response = await client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    return response.text


async def test_request_duration_is_labelled_by_route_template(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    async def echo(item_id: str) -> dict[str, str]:
        return {"item_id": item_id}

    app.add_api_route("/echo/{item_id}", echo)

    await client.get("/echo/one")
    await client.get("/echo/two")
    await client.get("/users/me")
    await client.get("/no/such/path")
    text = await scrape(client)

    counts = {
        (labels["route"], labels["status"]): value
        for labels, value in samples(
            text, "asyncdesk_http_request_duration_seconds_count"
        )
    }
    assert counts[("/echo/{item_id}", "200")] == 2
    assert counts[("/users/me", "401")] == 1
    assert counts[("<unmatched>", "404")] == 1
    assert not any("/echo/one" in route for route, _ in counts)


async def test_metrics_lists_every_runtime_instrument(
    client: httpx.AsyncClient,
) -> None:
    text = await scrape(client)

    for name in (
        "asyncdesk_event_loop_lag_seconds",
        "asyncdesk_http_request_duration_seconds",
        "asyncdesk_job_runs",
        "asyncdesk_job_duration_seconds",
        "asyncdesk_websocket_connections",
        "asyncdesk_support_queue_depth",
        "asyncdesk_support_open_chats",
    ):
        assert f"# TYPE {name}" in text


async def test_each_app_has_its_own_registry(app: FastAPI) -> None:
    other = FastAPI()
    other.state.metrics = Metrics()

    app.state.metrics.observe_job("warn", 0.2, failed=False)

    own = (await app.state.metrics.render()).decode()
    theirs = (await other.state.metrics.render()).decode()
    assert samples(own, "asyncdesk_job_runs_total") == [
        ({"job": "warn", "outcome": "success"}, 1.0)
    ]
    assert samples(theirs, "asyncdesk_job_runs_total") == []


async def test_job_failures_are_counted_apart() -> None:
    metrics = Metrics()

    metrics.observe_job("end", 0.1, failed=True)
    metrics.observe_job("end", 0.3, failed=False)

    text = (await metrics.render()).decode()
    runs = {
        labels["outcome"]: value
        for labels, value in samples(text, "asyncdesk_job_runs_total")
    }
    assert runs == {"failure": 1.0, "success": 1.0}
    ((labels, total),) = samples(text, "asyncdesk_job_duration_seconds_sum")
    assert labels == {"job": "end"}
    assert total == pytest.approx(0.4)


async def test_a_failing_scrape_hook_does_not_break_the_scrape() -> None:
    metrics = Metrics()

    async def broken(_: Metrics) -> None:
        raise RuntimeError("database down")

    async def queue(m: Metrics) -> None:
        m.queue_depth.set(7)

    metrics.add_scrape_hook("broken", broken)
    metrics.add_scrape_hook("queue", queue)

    text = (await metrics.render()).decode()
    assert samples(text, "asyncdesk_support_queue_depth") == [({}, 7.0)]


async def test_the_sampler_runs_in_the_lifespan(client: httpx.AsyncClient) -> None:
    text = await scrape(client)

    assert "asyncdesk_event_loop_lag_seconds_count" in text


def test_lag_above_the_threshold_is_logged(caplog: pytest.LogCaptureFixture) -> None:
    metrics = Metrics()
    sampler = LoopLagSampler(metrics.loop_lag, interval_s=0.05, warn_s=0.1)

    with caplog.at_level(logging.WARNING, logger="app.metrics.sampler"):
        sampler.record(0.02)
        sampler.record(0.25)

    lagged = [record for record in caplog.records if record.msg == "event loop lag"]
    assert [getattr(record, "lag_ms", None) for record in lagged] == [250.0]
    assert lag_sample_count(metrics) == 2


async def test_sampler_stops_cleanly() -> None:
    metrics = Metrics()
    sampler = LoopLagSampler(metrics.loop_lag, interval_s=0.001, warn_s=1)

    sampler.start()
    await asyncio.sleep(0.03)
    await sampler.stop()
    await sampler.stop()

    assert lag_sample_count(metrics) > 0


async def test_queue_depth_is_counted_at_scrape_time(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    _, headers = await create_user_and_login(app, client)

    joined = await client.post("/support/chats", headers=headers)
    text = await scrape(client)

    assert joined.status_code == 201
    assert samples(text, "asyncdesk_support_queue_depth") == [({}, 1.0)]
    assert samples(text, "asyncdesk_support_open_chats") == [({}, 0.0)]
    assert samples(text, "asyncdesk_websocket_connections") == [({}, 0.0)]


async def test_made_up_methods_share_one_label(client: httpx.AsyncClient) -> None:
    for method in ("BREW", "PROPFIND", "X" * 40):
        await client.request(method, "/health")

    text = await scrape(client)

    methods = {
        labels["method"]
        for labels, _ in samples(text, "asyncdesk_http_request_duration_seconds_count")
    }
    assert "OTHER" in methods
    assert methods <= {"GET", "OTHER"}
