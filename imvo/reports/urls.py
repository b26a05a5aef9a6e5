from django.urls import path

from imvo.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/pdf/", views.report_pdf, name="pdf"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("companies/", views.company_reporting, name="company_reporting"),
    path("recruitment/", views.recruitment, name="recruitment"),
]
