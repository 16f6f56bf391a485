from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("", views.job_list, name="job_list"),
    path("jobs/start/", views.job_start, name="job_start"),
    path("jobs/<int:pk>/", views.job_detail, name="job_detail"),
    path("jobs/<int:pk>/progress/", views.job_progress, name="job_progress"),
    path("jobs/<int:pk>/download/", views.job_download, name="job_download"),
    path("employer/authorization-letter.pdf", views.authorization_letter, name="authorization_letter"),
    path("preview/", views.preview_index, name="preview_index"),
    path("preview/<slug:key>/", views.preview, name="preview"),
    # One application: the page with the viewer, and each PDF (inline; ?download=1 attachment).
    path("applications/<int:pk>/", views.application_documents, name="application_documents"),
    path("applications/<int:pk>/review-form.pdf", views.review_form, name="review_form"),
    path(
        "applications/<int:pk>/exceptional-approval.pdf",
        views.exceptional_approval,
        name="exceptional_approval",
    ),
    path("applications/<int:pk>/mailing-checklist.pdf", views.mailing_checklist, name="mailing_checklist"),
    # One plan: the page per role, and its documents.
    path("plans/<int:pk>/", views.plan_documents, name="plan_documents"),
    path("plans/<int:pk>/employer-publicity.pdf", views.employer_publicity, name="employer_publicity"),
    path(
        "plans/<int:pk>/employer-publicity/settings/",
        views.employer_publicity_settings,
        name="employer_publicity_settings",
    ),
    path("plans/<int:pk>/delegation-letter.pdf", views.delegation_letter, name="delegation_letter"),
    path("plans/<int:pk>/mailing/", views.mailing_settings, name="mailing_settings"),
    path("publicity/<int:pk>/sheet.pdf", views.committee_publicity, name="committee_publicity"),
]
