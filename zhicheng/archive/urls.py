from django.urls import path

from . import views

app_name = "archive"
urlpatterns = [
    path("personal/", views.personal_info, name="personal_info"),
    path("personal/photo/", views.personal_photo, name="personal_photo"),
    path("personal/photo.jpg", views.personal_photo_file, name="personal_photo_file"),
    path("entries/", views.entry_list, name="entry_list"),
    path("entries/new/<str:kind>/", views.entry_create, name="entry_create"),
    path("entries/<int:pk>/", views.entry_detail, name="entry_detail"),
    path("entries/<int:pk>/edit/", views.entry_edit, name="entry_edit"),
    path("entries/<int:pk>/delete/", views.entry_delete, name="entry_delete"),
    path("evidence/<int:pk>/", views.evidence_file, name="evidence_file"),
    path("review/", views.review_queue, name="review_queue"),
    path("review/bulk-approve/", views.review_bulk_approve, name="review_bulk_approve"),
    path("review/<int:pk>/", views.review_detail, name="review_detail"),
    path("review/<int:pk>/approve/", views.review_approve, name="review_approve"),
    path("review/<int:pk>/return/", views.review_return, name="review_return"),
]
