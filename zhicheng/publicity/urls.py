from django.urls import path

from . import views

app_name = "publicity"
urlpatterns = [
    path("", views.public, name="public"),
    path("manage/", views.manage_list, name="manage_list"),
    path("manage/<int:pk>/", views.manage_detail, name="manage_detail"),
    path("manage/<int:pk>/objections/", views.objection_new, name="objection_new"),
    path("manage/<int:pk>/reschedule/", views.reschedule, name="reschedule"),
    path("manage/<int:pk>/close/", views.close, name="close"),
    path("objections/<int:pk>/resolve/", views.objection_resolve, name="objection_resolve"),
]
