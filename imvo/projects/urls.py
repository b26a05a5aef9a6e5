from django.urls import path

from imvo.projects import views

app_name = "projects"

urlpatterns = [
    path("", views.project_list, name="list"),
    path("propose/", views.propose, name="propose"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/updates/<int:update_pk>/file/", views.update_file, name="update_file"),
]
