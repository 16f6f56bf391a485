from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from zhicheng.accounts.models import Role
from zhicheng.accounts.permissions import require_role

from .export import table_xlsx
from .selectors import (
    CACHE_SECONDS,
    DASHBOARD_ROLES,
    SELECTORS,
    can_see_dashboard,
    dashboard_tables,
    season_years,
    table_for,
)

ROLE_TITLES = {
    Role.COMMITTEE_OFFICE: "本评委会",
    Role.DEPARTMENT: "本部门辖区",
    Role.HR_BUREAU: "本局审批的评委会",
}


def _year(request, years: list[int]) -> int:
    raw = request.GET.get("year", "")
    if raw.isdigit() and int(raw) in years:
        return int(raw)
    return years[0] if years else timezone.localdate().year


@require_role(*DASHBOARD_ROLES)
def home(request):
    if not can_see_dashboard(request.user):
        raise Http404
    years = season_years(request.user)
    year = _year(request, years)
    tables = dashboard_tables(request.user, year)
    charts = {t.key: t.chart_data() for t in tables}
    return render(
        request,
        "dashboard/home.html",
        {
            "tables": tables,
            "charts": charts,
            "year": year,
            "years": years,
            "scope": ROLE_TITLES[request.user.role],
            "as_of": min((t.computed_at for t in tables if t.computed_at), default=None),
            "refresh_minutes": CACHE_SECONDS // 60,
        },
    )


@require_role(*DASHBOARD_ROLES)
def export(request, key: str):
    if key not in SELECTORS or not can_see_dashboard(request.user):
        raise Http404
    year = _year(request, season_years(request.user))
    table = table_for(request.user, key, year)  # the numbers the page showed
    heading = f"{request.user.organization.name} · {year} 年度"
    if table.computed_at:
        heading += f" · 数据统计于 {timezone.localtime(table.computed_at):%Y-%m-%d %H:%M}"
    response = HttpResponse(
        table_xlsx(table, heading=heading),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f"attachment; filename=dashboard-{key}-{year}.xlsx"
    return response
