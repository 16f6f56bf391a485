from django.urls import path

from . import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/home/", views.account_home, name="account_home"),
    path("notices/", views.notice_list, name="notice_list"),
    path("notices/<int:pk>/", views.notice_detail, name="notice_detail"),
    path("plans/", views.plan_list, name="plan_list"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("committees/", views.committee_list, name="committee_list"),
    path("series/", views.series_list, name="series_list"),
    path("conditions/", views.conditions, name="conditions"),
    path("conditions/<slug:ruleset_id>/", views.condition_detail, name="condition_detail"),
    path("publicity/", views.publicity, name="publicity"),
    path("privacy/", views.privacy, name="privacy"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("certificates/verify/", views.certificate_lookup, name="certificate_lookup"),
]
