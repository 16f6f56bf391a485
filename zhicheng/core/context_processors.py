from django.conf import settings


def platform(request):
    user = getattr(request, "user", None)
    # 大字号: the account's choice, or this browser's (a visitor who switched it on keeps it after logging in).
    large_text = request.COOKIES.get("large_text") == "1"
    if user is not None and user.is_authenticated:
        large_text = large_text or user.large_text
    return {
        "large_text": large_text,
        "PLATFORM_NAME": settings.PLATFORM_NAME,
        "DEMO_MODE": settings.DEMO_MODE,
    }
