from app.errors import Conflict, NotFound, Unprocessable


class AlreadyInChat(Conflict):
    code = "already_in_chat"
    message = "You already have an open chat."


class AlreadyQueued(Conflict):
    code = "already_queued"
    message = "You are already waiting for an agent."


class ChatNotFound(NotFound):
    code = "chat_not_found"
    message = "There is no such chat."


class ChatNotOpen(Conflict):
    code = "chat_not_open"
    message = "The chat has ended."


class EmptyMessage(Unprocessable):
    code = "message_empty"
    message = "A message needs some text."


class MessageTooLong(Unprocessable):
    code = "message_too_long"
