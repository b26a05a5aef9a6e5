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
    _plans_are_shown()
    _the_budget_is_kept()
    _modules_are_followed()
    _reports_name_no_company()


def _reports_name_no_company():
    """The year-1 reports are published; whatever the secretariat composes from the demo's data, in
    any year, names no company (bar those that agreed to be named in a project)."""
    from imvo.agreements.models import Agreement
    from imvo.reports.compose import companies_named, compose, kinds_for
    from imvo.reports.models import AgreementReport

    agreement = Agreement.objects.get()
    assert AgreementReport.objects.filter(status="published", year__number=1).count() == 2
    for year in agreement.years.all():
        for kind in kinds_for(agreement, year):
            content = compose(agreement, year, kind["code"])
            assert companies_named(content) == [], (year.number, kind["code"])
    baseline = compose(agreement, agreement.years.get(number=1), "baseline")["sections"]
    assert {"maturity", "locations", "risks", "plans", "modules"} <= set(baseline)
    assert "projects" in compose(agreement, agreement.years.get(number=2), "core_group")["sections"]


def _modules_are_followed():
    """Baseline results assigned mandatory modules, some fulfilled; kww takes part, so has insight."""
    from imvo.agreements.models import AgreementYear
    from imvo.modules.selectors import modules_for_company
    from imvo.monitoring.selectors import has_ngo_insight

    year = AgreementYear.objects.get(number=2)
    lines = [
        line
        for company in Organization.objects.filter(kind="company")
        for line in modules_for_company(organization=company, year=year).must
    ]
    assert {line.fulfilled for line in lines} == {True, False}
    assert has_ngo_insight(user=User.objects.get(email="keten@kww.example"), agreement=year.agreement)


def _the_budget_is_kept():
    from imvo.agreements.models import AgreementYear
    from imvo.finance.selectors import budget_view

    first, second = (budget_view(year=y) for y in AgreementYear.objects.filter(number__in=[1, 2]))
    assert first.closes and first.received == first.committed
    assert not second.closes, "year 2 shows the warning of art. 82"


def _plans_are_shown():
    """Year-1 plans submitted (two as reports) and aggregated for the parties; year 2 reports on them."""
    from imvo.plans.models import Plan
    from imvo.plans.selectors import aggregated_plan_for, plan_view

    year1 = Plan.objects.filter(year__number=1, status="submitted")
    assert year1.count() == 13 and year1.filter(kind="report").count() == 2
    content = aggregated_plan_for(agreement=year1.first().year.agreement, year=1)
    assert content["plans"]["total"]["count"] == 13 and content["steps"]["rows"] and content["themes"]["rows"]
    drafts = Plan.objects.filter(year__number=2, status="draft")
    assert drafts.count() == 1 and plan_view(drafts.get()).past
    statuses = {line.status for plan in Plan.objects.filter(year__number=2) for line in plan_view(plan).past}
    assert {"achieved", "continued", "not_reported"} <= statuses


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
