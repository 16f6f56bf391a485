import contextvars

_request_meta: contextvars.ContextVar[dict | None] = contextvars.ContextVar("request_meta", default=None)


def current_request_meta() -> dict:
    return _request_meta.get() or {}


class RequestContextMiddleware:
    """Keeps the client address at hand for audit rows without passing requests into services."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_meta.set({"ip": request.META.get("REMOTE_ADDR")})
        try:
            return self.get_response(request)
        finally:
            _request_meta.reset(token)


class NoStoreForSignedInMiddleware:
    """A signed-in user's pages carry personal data, and some a full ID or phone number (the owner's
    own documents, the committee office's audited reveal): no browser or proxy cache may keep them
    (issue 12 item 4). A view that chose its own Cache-Control keeps it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            response["Cache-Control"] = "no-store, private"
        return response


class ChineseFirstLocaleMiddleware:
    """Chinese unless the user picked English: a browser's Accept-Language alone does not switch a government portal."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings
        from django.utils import translation

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
