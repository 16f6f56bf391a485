import contextvars
import ipaddress
import time

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils import translation

_request_meta: contextvars.ContextVar[dict | None] = contextvars.ContextVar("request_meta", default=None)


def current_request_meta() -> dict:
    return _request_meta.get() or {}


def _address(value: str | None) -> str | None:
    value = (value or "").strip()
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """The client's address as the deployment trusts it. Without TRUSTED_PROXIES it is REMOTE_ADDR: a
    client can write any X-Forwarded-For it likes. When the request comes from a trusted proxy, it is
    the right-most hop of CLIENT_IP_HEADER (X-Forwarded-For) that is not itself a trusted proxy: the
    address the proxy saw; hops further left are the client's own claims."""
    remote = _address(request.META.get("REMOTE_ADDR"))
    trusted = {a for a in map(_address, getattr(settings, "TRUSTED_PROXIES", ()) or ()) if a}
    if not trusted or remote not in trusted:
        return remote
    header = request.META.get(getattr(settings, "CLIENT_IP_HEADER", "HTTP_X_FORWARDED_FOR"), "")
    for hop in reversed(header.split(",")):
        address = _address(hop)
        if address is None:
            break  # a malformed hop: trust nothing to its left
        if address not in trusted:
            return address
    return remote


class RequestContextMiddleware:
    """Keeps the client address at hand for audit rows without passing requests into services."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_meta.set({"ip": client_ip(request)})
        try:
            return self.get_response(request)
        finally:
            _request_meta.reset(token)


class DeniedObjectAuditMiddleware:
    """An object outside the user's scope answers 404, so that it leaks nothing (SECURITY.md 6); the
    denial is still audited like a role-level 403 (issue 12 item 18). A 404 from a matched view for a
    signed-in user is such a probe (or a stale link: both are worth a row); a URL that matches no view
    is not. Sits inside RequestContextMiddleware, so the row carries the client address."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (
            response.status_code == 404
            and getattr(request, "resolver_match", None) is not None
            and user is not None
            and user.is_authenticated
        ):
            from . import audit  # audit imports this module for the request meta

            audit.object_access_denied(user=user, path=request.path, method=request.method)
        return response


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
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class RequestBodyLimitMiddleware:
    """Refuse a request whose declared body is larger than any form accepts, before a byte of it is read.

    Django's own DATA_UPLOAD_MAX_MEMORY_SIZE covers form fields only; uploaded files are streamed to disk
    without a ceiling, so a 200 MB body would be read in full before a view could refuse it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.MAX_REQUEST_BODY_BYTES
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared > limit:
            text = f"提交的内容过大（{declared / 1024 / 1024:.0f} MB），单次提交不能超过 {limit // 1024 // 1024} MB。请分批上传或压缩文件后重试。"
            if request.path_info.startswith("/api/"):
                response = JsonResponse({"detail": text}, status=413)
            else:
                response = HttpResponse(
                    f'<!doctype html><html lang="zh-hans"><meta charset="utf-8"><title>内容过大</title>'
                    f"<h1>内容过大</h1><p>{text}</p></html>",
                    status=413,
                    content_type="text/html; charset=utf-8",
                )
            response["Connection"] = "close"  # the unread body is not drained on this connection
            return response
        return self.get_response(request)


CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        # No inline script and no eval: every page's script is a file under /static/ (pdf.js included:
        # it runs with isEvalSupported=false and without its WebAssembly decoders).
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data: blob:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",
        "frame-src 'self'",
        "frame-ancestors 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ]
)
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
        "interest-cohort",
        "browsing-topics",
    )
)


class ContentSecurityPolicyMiddleware:
    """A strict Content-Security-Policy and a Permissions-Policy on every response (issue 12 item 17).

    A view that needs a different policy sets its own header; this one only fills in what is missing."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
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
        self.get_response = get_response
        self.every = getattr(settings, "SESSION_RENEW_AFTER", 60)

    def __call__(self, request):
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
