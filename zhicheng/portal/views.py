from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.staticfiles import finders
from django.http import FileResponse, Http404, HttpResponseServerError
from django.shortcuts import get_object_or_404, render
from django.template import loader
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from zhicheng.certificates.views import verify_page
from zhicheng.core.replica import tolerates_lag
from zhicheng.eligibility.engine import describe_ruleset, list_rulesets
from zhicheng.organizations.models import Committee
from zhicheng.plans.models import DeclarationType, Level
from zhicheng.plans.selectors import open_plans, published_plans

from . import selectors
from .models import Notice

SERIES = [
    {
        "name": "工程系列",
        "levels": [
            Level.ASSISTANT.label,
            Level.INTERMEDIATE.label,
            Level.ASSOCIATE_SENIOR.label,
            Level.SENIOR.label,
        ],
        "specialties": ["机械", "机电", "机电制造", "电气", "自动化", "制造业（先进制造）"],
        "note": "本平台当前受理工程系列机械、机电类专业的申报与评审。",
    }
]


@login_not_required
@tolerates_lag
def home(request):
    return render(
        request,
        "portal/home.html",
        {
            "notices": Notice.objects.filter(is_published=True)[:6],
            "open_plans": open_plans()[:6],
            "plans": published_plans()[:6],
        },
    )


@login_not_required
@tolerates_lag
def notice_list(request):
    return render(request, "portal/notice_list.html", {"notices": Notice.objects.filter(is_published=True)})


@login_not_required
@tolerates_lag
def notice_detail(request, pk: int):
    notice = get_object_or_404(Notice, pk=pk, is_published=True)
    return render(request, "portal/notice_detail.html", {"notice": notice, "plans": notice.plans.all()})


@login_not_required
@tolerates_lag
def plan_list(request):
    return render(request, "portal/plan_list.html", {"plans": published_plans()})


@login_not_required
@tolerates_lag
def plan_detail(request, pk: int):
    plan = get_object_or_404(published_plans(), pk=pk)
    return render(request, "portal/plan_detail.html", {"plan": plan})


@login_not_required
@tolerates_lag
def committee_list(request):
    committees = Committee.objects.select_related("organization__region", "hr_bureau").order_by(
        "level", "organization__name"
    )
    return render(request, "portal/committee_list.html", {"committees": committees})


@login_not_required
def series_list(request):
    return render(
        request, "portal/series_list.html", {"series": SERIES, "declaration_types": DeclarationType.choices}
    )


@login_not_required
def conditions(request):
    return render(request, "portal/conditions.html", {"rulesets": list_rulesets()})


@login_not_required
def condition_detail(request, ruleset_id: str):
    try:
        ruleset = describe_ruleset(ruleset_id)
    except LookupError as exc:
        raise Http404("没有这个规则集") from exc
    return render(request, "portal/condition_detail.html", {"ruleset": ruleset})


@login_not_required
def privacy(request):
    return render(request, "portal/privacy.html")


@login_not_required
def certificate_lookup(request):
    """证书查询 / 真伪查验 (by number and name, by the QR code, or by uploading the PDF)."""
    return verify_page(request)


@login_not_required
@require_safe
@cache_control(public=True, max_age=7 * 24 * 3600)
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page's <link rel=icon> says; answer instead of logging a 404."""
    path = finders.find("favicon.ico")
    if not path:
        raise Http404("favicon")
    return FileResponse(open(path, "rb"), content_type="image/x-icon")  # noqa: SIM115 - FileResponse closes it


def account_home(request):
    """我的首页: what the signed-in user's role has to do and see (each role's section is its own template)."""
    return render(request, "accounts/home.html", selectors.home_context(request.user))


def server_error(request):
    """The platform's own 500 page: no database, no session, no context processors — only the name."""
    body = loader.get_template("500.html").render({"PLATFORM_NAME": settings.PLATFORM_NAME})
    return HttpResponseServerError(body)
