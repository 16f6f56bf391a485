from django.urls import path

from . import views

app_name = "review"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("bulk-approve/", views.bulk_approve, name="bulk_approve"),
    path("applications/<int:pk>/", views.detail, name="detail"),
    path("applications/<int:pk>/start/", views.start, name="start"),
    path("applications/<int:pk>/decide/", views.decide, name="decide"),
    path("applications/<int:pk>/attachments/<int:attachment_id>/", views.attachment, name="attachment"),
    path("recommendations/", views.batches, name="batches"),
    path("recommendations/submit/", views.batch_submit, name="batch_submit"),
    path("recommendations/<int:pk>/", views.batch_detail, name="batch_detail"),
    path("publicity/", views.publicity_list, name="publicity_list"),
    path("publicity/new/", views.publicity_new, name="publicity_new"),
    path("publicity/<int:pk>/", views.publicity_detail, name="publicity_detail"),
]
