from django.urls import path

from imvo.agreements import views

app_name = "agreements"

urlpatterns = [
    path("", views.agreement_detail, name="detail"),
    path("calendar/", views.calendar, name="calendar"),
    path("calendar/export/", views.calendar_export, name="calendar_export"),
    path("calendar/<int:pk>/", views.company_obligation_edit, name="company_obligation"),
    path("years/<int:pk>/", views.year_edit, name="year_edit"),
    path("obligations/<int:pk>/due/", views.due_date_edit, name="due_date_edit"),
    path("size-classes/<int:pk>/fee/", views.fee_edit, name="fee_edit"),
    path("switch/", views.switch_agreement, name="switch"),
]
