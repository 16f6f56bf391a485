from functools import wraps

from django.conf import settings
from django.http import JsonResponse
from ninja import NinjaAPI
from ninja.security import django_auth

from zhicheng.accounts.models import SECOND_FACTOR_ROLES as API_DOCS_ROLES  # staff, employer HR excepted


def staff_only_docs(view):
    """/api/v1/docs and /api/v1/openapi.json: staff only, unless API_DOCS_PUBLIC (a demo) opens them.

    The staff second factor still applies (StaffSecondFactorMiddleware runs before this)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not settings.API_DOCS_PUBLIC:
            user = request.user
            if not user.is_authenticated:
                return JsonResponse({"detail": "请先登录（接口文档仅对工作人员开放）"}, status=401)
            if user.role not in API_DOCS_ROLES:
                return JsonResponse({"detail": "接口文档仅对工作人员开放"}, status=403)
        return view(request, *args, **kwargs)

    return wrapper


api = NinjaAPI(
    title=f"{settings.PLATFORM_NAME} API",
    version="1",
    description="与页面相同的权限与校验；会话登录（Cookie）后调用。",
    urls_namespace="api",
    auth=django_auth,
    docs_url="/docs",
    docs_decorator=staff_only_docs,
)
api.add_router("/plans/", "zhicheng.plans.api.router")
api.add_router("/archive/", "zhicheng.archive.api.router")
api.add_router("/applications/", "zhicheng.applications.api.router")
api.add_router("/eligibility/", "zhicheng.eligibility.api.router")
api.add_router("/review/", "zhicheng.review.api.router")
