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


class SlidingSessionMiddleware:
    """SECURITY.md 3's idle timeout without a session write on every request (issue 15).

    SESSION_SAVE_EVERY_REQUEST would UPDATE the session row on every GET. Instead the session is
    touched at most once per SESSION_RENEW_AFTER seconds: touching marks it modified, so Django saves
    it with a fresh expiry of SESSION_COOKIE_AGE. The idle limit is therefore between
    SESSION_COOKIE_AGE − SESSION_RENEW_AFTER and SESSION_COOKIE_AGE: never longer than 30 minutes.
    """

    KEY = "_renewed_at"

    def __init__(self, get_response):
        from django.conf import settings

        self.get_response = get_response
        self.every = getattr(settings, "SESSION_RENEW_AFTER", 60)

    def __call__(self, request):
        import time

        session = getattr(request, "session", None)
        # Only sessions that exist already: an anonymous visitor gets no row from this.
        if session is not None and session.session_key and not session.is_empty():
            now = int(time.time())
            if now - session.get(self.KEY, 0) >= self.every:
                session[self.KEY] = now
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and session.modified and not session.is_empty():
            # Saved anyway (a login, a message): note the renewal so the next minute writes nothing.
            session[self.KEY] = int(time.time())
        return response
