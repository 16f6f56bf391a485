from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

_OPEN_PREFIXES = ("/accounts/otp/", "/accounts/logout/", "/static/", "/i18n/")


class StaffSecondFactorMiddleware:
    """SECURITY.md 4: staff pages stay closed until the TOTP second factor is verified this session."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            settings.STAFF_OTP_REQUIRED
            and user is not None
            and user.is_authenticated
            and user.needs_second_factor
            and not user.is_verified()
            and not request.path.startswith(_OPEN_PREFIXES)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": "请先完成动态口令验证"}, status=403)
            return redirect(f"{reverse('accounts:otp')}?next={request.get_full_path()}")
        return self.get_response(request)


class DefaultDenyMiddleware(LoginRequiredMiddleware):
    """Every page needs login unless its view is marked @login_not_required (SECURITY.md 5).

    The JSON API is left to django-ninja, whose default `auth=django_auth` answers 401 instead of a redirect.
    """

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path_info.startswith("/api/"):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)
