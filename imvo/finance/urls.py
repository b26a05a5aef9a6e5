from django.urls import path

from imvo.finance import views

app_name = "finance"

urlpatterns = [
    path("", views.budget, name="budget"),
    path("contributions/prepare/", views.invoices_prepare, name="invoices_prepare"),
    path("contributions/<int:pk>/", views.invoice, name="invoice"),
    path("funding/<int:pk>/delete/", views.funding_delete, name="funding_delete"),
]
