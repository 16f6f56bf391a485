from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from .api import api

# The 500 page renders without the request's context (nothing that could fail again), but with the name.
handler500 = "zhicheng.portal.views.server_error"

urlpatterns = [
    path("", include("zhicheng.portal.urls")),
    path("accounts/", include("zhicheng.accounts.urls")),
    path("organizations/", include("zhicheng.organizations.urls")),
    path("archive/", include("zhicheng.archive.urls")),
    path("office/plans/", include("zhicheng.plans.urls")),
    path("applications/", include("zhicheng.applications.urls")),
    path("review/", include("zhicheng.review.urls")),
    path("publicity/", include("zhicheng.publicity.urls")),
    path("documents/", include("zhicheng.documents.urls")),
    path("eligibility/", include("zhicheng.eligibility.urls")),
    path("evaluation/", include("zhicheng.evaluation.urls")),
    path("paper/", include("zhicheng.paper.urls")),
    path("certificates/", include("zhicheng.certificates.urls")),
    path("dashboard/", include("zhicheng.dashboard.urls")),
    path("api/v1/", api.urls),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("django-admin/", admin.site.urls),
]

if settings.OIDC_ENABLED:
    from mozilla_django_oidc import views as oidc_views

    urlpatterns += [
        path(
            "oidc/authenticate/",
            login_not_required(oidc_views.OIDCAuthenticationRequestView.as_view()),
            name="oidc_authentication_init",
        ),
        path(
            "oidc/callback/",
            login_not_required(oidc_views.OIDCAuthenticationCallbackView.as_view()),
            name="oidc_authentication_callback",
        ),
    ]
