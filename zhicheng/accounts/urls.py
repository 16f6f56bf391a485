from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("large-text/", views.large_text, name="large_text"),
    path("register/", views.register_choice, name="register"),
    path("register/individual/", views.register_applicant, name="register_applicant"),
    path("register/employer/", views.register_employer, name="register_employer"),
    path("messages/", views.message_center, name="messages"),
    path("messages/<int:pk>/", views.message_detail, name="message_detail"),
    path("messages/<int:pk>/read/", views.message_read, name="message_read"),
    path("messages/read-all/", views.messages_read_all, name="messages_read_all"),
    path("password/", views.password_change, name="password_change"),
    path("otp/", views.otp, name="otp"),
    path("staff/", views.staff_accounts, name="staff_accounts"),
    path("staff/<int:pk>/otp-activation/", views.otp_activation, name="otp_activation"),
    path("password/reset/", views.password_reset, name="password_reset"),
]
