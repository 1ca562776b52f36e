from app.errors import NotFound


class NotificationNotFound(NotFound):
    code = "notification_not_found"
    message = "There is no such notification."
