from .selectors import unread_count


def unread_messages(request):
    """The count of unread 站内消息 beside the bell in the header."""
    user = getattr(request, "user", None)
    return {"unread_messages": unread_count(user) if user is not None and user.is_authenticated else 0}
