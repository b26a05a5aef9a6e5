"""The demo sector loads through the services, once, and leaves a living platform."""

from django_tasks_db.models import DBTaskResult

from imvo.accounts.models import User
from imvo.accounts.roles import Role, roles_of
from imvo.agreements.models import CompanyObligation
from imvo.demo.services import DEMO_PASSWORD, demo_load
from imvo.governance.selectors import core_group_table
from imvo.organizations.models import Organization, Participation


def test_the_demo_sector_is_complete(db, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    assert demo_load() is True
    companies = Organization.objects.filter(
        kind="company", participations__status__in=["active", "notice_given"]
    )
    assert companies.count() == 16
    sizes = {c.fte for c in companies}
    assert min(sizes) <= 25 and max(sizes) > 5000
    assert Organization.objects.filter(kind="ngo").count() == 2
    assert Organization.objects.filter(kind="union").count() == 1
    seats = core_group_table(agreement=Participation.objects.first().agreement)
    assert all(row["regular"] and row["alternate"] for row in seats[:4]) and seats[4]["chair"]
    assert Participation.objects.filter(status="applied").count() == 2
    assert Participation.objects.filter(status="notice_given").count() == 1
    assert CompanyObligation.objects.filter(status="done").exists()
    secretary = User.objects.get(email="secretariaat@demo.example")
    assert secretary.check_password(DEMO_PASSWORD) and Role.SECRETARIAT in roles_of(secretary)
    assert not DBTaskResult.objects.exists(), "loading the demo must not queue e-mails"
    _risk_analysis_is_shown()
    _the_budget_is_kept()


def _the_budget_is_kept():
    from imvo.agreements.models import AgreementYear
    from imvo.finance.selectors import budget_view

    first, second = (budget_view(year=y) for y in AgreementYear.objects.filter(number__in=[1, 2]))
    assert first.closes and first.received == first.committed
    assert not second.closes, "year 2 shows the warning of art. 82"


def _risk_analysis_is_shown():
    from imvo.risks.models import RiskStatement, SectorReport
    from imvo.risks.services import sector_report_view

    assert RiskStatement.objects.count() == 10
    report = SectorReport.objects.get(status="published")
    view = sector_report_view(report)
    assert view.companies == 10 and view.rows and view.heat, "the sector view has something to show"


def test_loading_twice_changes_nothing(db):
    demo_load()
    count = Organization.objects.count()
    assert demo_load() is False
    assert Organization.objects.count() == count
