from django.conf import settings


def platform(request):
    user = getattr(request, "user", None)
    unread = 0
    if user is not None and user.is_authenticated:
        from zhicheng.notifications.selectors import unread_count

        unread = unread_count(user)
    if user is not None and user.is_authenticated:
        large_text = user.large_text
    else:
        large_text = request.COOKIES.get("large_text") == "1"
    return {
        "large_text": large_text,
        "PLATFORM_NAME": settings.PLATFORM_NAME,
        "DEMO_MODE": settings.DEMO_MODE,
        "unread_messages": unread,
    }
