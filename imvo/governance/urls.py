from django.urls import path

from imvo.governance import views

app_name = "governance"

urlpatterns = [
    path("core-group/", views.core_group, name="core_group"),
    path("core-group/<int:pk>/end/", views.end_seat, name="end_seat"),
]
