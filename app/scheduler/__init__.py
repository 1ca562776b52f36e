"""The job scheduler and the registry of scheduled jobs."""
