from django.urls import path

from . import views

app_name = "applications"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("new/", views.start, name="start"),
    path("sign/<str:token>/", views.sign, name="sign"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/step/commitment/qr/", views.signing_qr, name="signing_qr"),
    path("<int:pk>/step/commitment/status/", views.signing_status, name="signing_status"),
    path("<int:pk>/step/<str:step>/", views.step, name="step"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:pk>/photo.jpg", views.photo_file, name="photo"),
    path("<int:pk>/signature.png", views.signature_file, name="signature"),
    path("<int:pk>/attachments/<int:attachment_id>/", views.attachment_file, name="attachment_file"),
    path(
        "<int:pk>/attachments/<int:attachment_id>/delete/", views.attachment_delete, name="attachment_delete"
    ),
]
