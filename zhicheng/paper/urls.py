from django.urls import path

from . import views

app_name = "paper"
urlpatterns = [
    path("office/plans/<int:pk>/", views.office_plan, name="office_plan"),
    path("office/plans/<int:pk>/steps/", views.step_save, name="step_save"),
    path("office/steps/<int:pk>/applications/<int:app_pk>/check/", views.check_record, name="check_record"),
    path("office/mailings/<int:pk>/receive/", views.mailing_receive, name="mailing_receive"),
    path("office/mailings/<int:pk>/return/", views.mailing_return, name="mailing_return"),
    path("applications/<int:pk>/", views.applicant_page, name="applicant_page"),
]
