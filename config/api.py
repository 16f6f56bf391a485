from ninja import NinjaAPI
from ninja.security import django_auth

api = NinjaAPI(
    title="职称申报与评审平台 API",
    version="1",
    description="与页面相同的权限与校验；会话登录（Cookie）后调用。",
    urls_namespace="api",
    auth=django_auth,
    docs_url="/docs",
)
api.add_router("/plans/", "zhicheng.plans.api.router")
api.add_router("/archive/", "zhicheng.archive.api.router")
api.add_router("/applications/", "zhicheng.applications.api.router")
api.add_router("/eligibility/", "zhicheng.eligibility.api.router")
api.add_router("/review/", "zhicheng.review.api.router")
