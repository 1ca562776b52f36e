"""Database plumbing: engine, sessions, declarative base and column types."""
