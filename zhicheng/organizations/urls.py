from django.urls import path

from . import views

app_name = "organizations"
urlpatterns = [
    path("onboarding/", views.onboarding, name="onboarding"),
    path("employers/search/", views.employer_search, name="employer_search"),
    path("review/", views.employer_review_list, name="employer_review_list"),
    path("review/<int:pk>/", views.employer_review_detail, name="employer_review_detail"),
    path("review/<int:pk>/decide/", views.employer_decide, name="employer_decide"),
    path("review/<int:pk>/letter/", views.employer_letter_file, name="employer_letter_file"),
]
