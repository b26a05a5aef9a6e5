from django.urls import path

from imvo.modules import views

app_name = "modules"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.module_new, name="new"),
    path("mine/", views.mine, name="mine"),
    path("overview/", views.overview, name="overview"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.module_edit, name="edit"),
    path("<int:pk>/sessions/new/", views.session_new, name="session_new"),
    path("<int:pk>/materials/add/", views.material_add, name="material_add"),
    path("materials/<int:pk>/", views.material, name="material"),
    path("sessions/<int:pk>/attendance/", views.attendance, name="attendance"),
    path("companies/<int:pk>/", views.company, name="company"),
    path("assignments/<int:pk>/waive/", views.assignment_waive, name="assignment_waive"),
]
