"""Customer-service chat: queue, agents, chats and their jobs."""
