from django.urls import path

from imvo.risks import views

app_name = "risks"

urlpatterns = [
    path("", views.index, name="index"),
    path("start/", views.register_start, name="register_start"),
    path("registers/<int:pk>/", views.register_detail, name="register"),
    path("registers/<int:pk>/add/", views.risk_add, name="risk_add"),
    path("registers/<int:pk>/suggestions/", views.suggestions, name="suggestions"),
    path("registers/<int:pk>/publish/", views.statement_publish, name="statement_publish"),
    path("registers/<int:pk>/register.xlsx", views.register_excel, name="register_excel"),
    path("registers/<int:pk>/register.pdf", views.register_pdf, name="register_pdf"),
    path("items/<int:pk>/", views.risk_edit, name="risk_edit"),
    path("items/<int:pk>/confirm/", views.risk_confirm, name="risk_confirm"),
    path("items/<int:pk>/addressed/", views.risk_address, name="risk_address"),
    path("items/<int:pk>/reopen/", views.risk_reopen, name="risk_reopen"),
    path("items/<int:pk>/delete/", views.risk_delete, name="risk_delete"),
    path("statements/", views.statements, name="statements"),
    path("statements/<int:pk>/", views.statement, name="statement"),
    path("statements/<int:pk>/statement.pdf", views.statement_pdf, name="statement_pdf"),
    path("statements/<int:pk>/statement.xlsx", views.statement_excel, name="statement_excel"),
    path("sources/", views.sources, name="sources"),
    path("sector/", views.sector, name="sector"),
    path("sector/build/", views.sector_build, name="sector_build"),
    path("sector/<int:pk>/publish/", views.sector_publish, name="sector_publish"),
    path("sector/<int:pk>.xlsx", views.sector_excel, name="sector_excel"),
    path("collective/<int:pk>/delete/", views.collective_delete, name="collective_delete"),
]
