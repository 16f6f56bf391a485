from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("new/", views.plan_edit, name="plan_create"),
    path("<int:pk>/", views.plan_edit, name="plan_edit"),
    path("<int:pk>/publish/", views.plan_publish, name="plan_publish"),
]
