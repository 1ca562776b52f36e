"""Runtime metrics in the Prometheus text format, one registry per app."""

from app.metrics.install import install_metrics, start_loop_monitoring
from app.metrics.registry import Metrics, get_metrics

__all__ = ["Metrics", "get_metrics", "install_metrics", "start_loop_monitoring"]
