from django.urls import path

from imvo.signals import views

app_name = "signals"

urlpatterns = [
    path("", views.index, name="index"),
    path("report/", views.report, name="report"),
    path("report/public/", views.report_public, name="report_public"),
    path("follow/<str:token>/", views.follow, name="follow"),
    path("followed/<int:pk>/", views.followed, name="followed"),
    path("followed/<int:pk>/evidence/<int:evidence_pk>/", views.followed_evidence, name="followed_evidence"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/evidence/<int:evidence_pk>/", views.evidence, name="evidence"),
]
