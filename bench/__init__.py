"""Benchmarks: asyncdesk against the designs it replaces, on the same work."""
