from django.contrib import admin
from django.urls import include, path

from imvo.api import api

urlpatterns = [
    path("", include("imvo.core.urls")),
    path("accounts/", include("imvo.accounts.urls")),
    path("agreement/", include("imvo.agreements.urls")),
    path("organizations/", include("imvo.organizations.urls")),
    path("governance/", include("imvo.governance.urls")),
    path("audit/", include("imvo.audit.urls")),
    path("monitoring/", include("imvo.monitoring.urls")),
    path("production-locations/", include("imvo.supply_chain.urls")),
    path("risks/", include("imvo.risks.urls")),
    path("plans/", include("imvo.plans.urls")),
    path("budget/", include("imvo.finance.urls")),
    path("signals/", include("imvo.signals.urls")),
    path("modules/", include("imvo.modules.urls")),
    path("projects/", include("imvo.projects.urls")),
    path("reports/", include("imvo.reports.urls")),
    path("public/", include("imvo.reports.public_urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
