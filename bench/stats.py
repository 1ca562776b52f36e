"""Percentiles and rates without third-party helpers."""

import math
from collections.abc import Sequence


def percentile(values: Sequence[float], fraction: float) -> float | None:
    """Nearest-rank percentile; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(math.ceil(fraction * len(ordered)), 1)
    return ordered[rank - 1]


def summary_ms(seconds: Sequence[float]) -> dict[str, float | None]:
    def ms(value: float | None) -> float | None:
        return None if value is None else round(value * 1000, 2)

    return {
        "p50_ms": ms(percentile(seconds, 0.50)),
        "p99_ms": ms(percentile(seconds, 0.99)),
        "max_ms": ms(max(seconds) if seconds else None),
        "count": len(seconds),
    }


def histogram_quantile(buckets: Sequence[tuple[float, float]], q: float) -> float:
    """Upper bound of the bucket holding quantile ``q`` of cumulative counts."""
    total = buckets[-1][1] if buckets else 0.0
    if total <= 0:
        return 0.0
    for bound, cumulative in buckets:
        if cumulative >= q * total:
            return bound
    return math.inf
