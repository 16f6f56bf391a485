from django.urls import path

from . import views

app_name = "eligibility"
urlpatterns = [
    path("self-check/", views.self_check, name="self_check"),
    path("plans/<int:pk>/", views.plan_checks, name="plan_checks"),
]
