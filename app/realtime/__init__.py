"""Real-time push of events to connected clients."""
