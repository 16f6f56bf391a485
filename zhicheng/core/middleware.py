import contextvars

from django.conf import settings
from django.http import HttpResponse, JsonResponse

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
