from django.urls import path

from . import views

app_name = "archive"
urlpatterns = [
    path("personal/", views.personal_info, name="personal_info"),
]
