from django.urls import path

from . import views

app_name = "certificates"
urlpatterns = [
    path("", views.my_certificates, name="mine"),
    path("<int:pk>/download/", views.download, name="download"),
    path("<int:pk>/paper/", views.paper_request, name="paper_request"),
    path("office/paper/", views.office_paper, name="office_paper"),
    path("office/paper/<int:pk>/mail/", views.office_paper_mail, name="office_paper_mail"),
    path("office/integrity/", views.office_integrity, name="office_integrity"),
    path("public-key.pem", views.public_key, name="public_key"),
]
