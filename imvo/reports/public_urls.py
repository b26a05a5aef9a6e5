"""The public part of the site: no login."""

from django.urls import path

from imvo.reports import views

app_name = "public"

urlpatterns = [
    path("", views.about, name="about"),
    path("participants/", views.participants, name="participants"),
    path("map/", views.public_map, name="map"),
]
