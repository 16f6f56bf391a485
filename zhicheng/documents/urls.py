from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("", views.job_list, name="job_list"),
    path("jobs/start/", views.job_start, name="job_start"),
    path("jobs/<int:pk>/", views.job_detail, name="job_detail"),
    path("jobs/<int:pk>/progress/", views.job_progress, name="job_progress"),
    path("jobs/<int:pk>/download/", views.job_download, name="job_download"),
    path("preview/", views.preview_index, name="preview_index"),
    path("preview/<slug:key>/", views.preview, name="preview"),
]
