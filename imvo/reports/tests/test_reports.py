"""The agreement's reports: composed from the platform's data, never naming or betraying a company,
edited and published by the secretariat, public as a page and a PDF that say the same."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from imvo.monitoring import services as monitoring
from imvo.monitoring.tests.test_pdf import _fill, _rendered_text
from imvo.organizations.models import Organization
from imvo.reports import compose, services
from imvo.reports.models import AgreementReport, CompanyReport
from imvo.reports.pdf import report_html, report_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def round2(world):
    """Year 2's monitoring: Alfa well on its way, Beta basic everywhere, Gamma has nothing yet."""
    rnd = monitoring.round_open(
        agreement=world.agreement, year_number=2, due_date=dt.date(2027, 4, 16), actor=world.secretariat
    )
    levels = {world.company: 2, world.other_company: 1, world.third_company: 0}
    for assessment in rnd.assessments.all():
        level = levels[assessment.organization]
        actor = world.secretariat
        _fill(assessment, actor, lambda ind, level=level: level)
        monitoring.assessment_submit(assessment=assessment, actor=actor)
    return rnd


def _year(world, n=2):
    return world.agreement.years.get(number=n)


def test_the_figures_name_no_company_and_no_count_rests_on_too_few(world, round2):
    content = compose.compose(world.agreement, _year(world), "progress")
    assert compose.companies_named(content) == []
    current = content["sections"]["maturity"]["current"]
    assert current["submitted"] == 3 and not current["suppressed"]
    for step in current["steps"]:
        shown = [c for c in step["bands"] if c is not None]
        assert all(c == 0 or c >= 3 for c in shown)
        assert len([c for c in step["bands"] if c is None]) != 1
    verdicts = current["verdicts"]
    assert list(verdicts.values()).count(None) != 1
    assert content["sections"]["participation"]["by_kind"]["company"] == 3


def test_one_company_fewer_and_the_distribution_is_not_published(world, round2):
    from imvo.monitoring.models import Assessment

    Assessment.objects.filter(organization=world.third_company).delete()
    content = compose.compose(world.agreement, _year(world), "progress")
    assert content["sections"]["maturity"]["current"]["suppressed"]


def test_publishing_needs_an_introduction_and_freezes_the_report(world):
    report = services.report_compose(
        agreement=world.agreement, year=_year(world), kind="progress", actor=world.secretariat
    )
    assert report.status == AgreementReport.Status.DRAFT and report.version == 1
    with pytest.raises(ValidationError):
        services.report_publish(report=report, actor=world.secretariat)
    services.report_write(
        report=report,
        title="Voortgang 2027",
        texts={"introduction": "Het jaar in het kort."},
        actor=world.secretariat,
    )
    services.report_publish(report=report, actor=world.secretariat)
    with pytest.raises(ValidationError):
        services.report_write(report=report, title="Anders", texts={}, actor=world.secretariat)
    again = services.report_compose(
        agreement=world.agreement, year=_year(world), kind="progress", actor=world.secretariat
    )
    assert (
        again.pk != report.pk
        and again.version == 2
        and again.texts["introduction"] == "Het jaar in het kort."
    )
    services.report_publish(report=again, actor=world.secretariat)
    report.refresh_from_db()
    assert report.status == AgreementReport.Status.SUPERSEDED


def test_only_the_reports_the_agreement_asks_for_in_a_year(world):
    with pytest.raises(ValidationError):
        services.report_compose(
            agreement=world.agreement, year=_year(world, 1), kind="progress", actor=world.secretariat
        )
    kinds = {k["code"] for k in compose.kinds_for(world.agreement, _year(world, 4))}
    assert kinds == {"progress", "evaluation", "core_group"}


def _published(world, round2=None):
    report = services.report_compose(
        agreement=world.agreement, year=_year(world), kind="progress", actor=world.secretariat
    )
    services.report_write(
        report=report,
        title="Voortgangsrapportage 2027",
        texts={"introduction": "Drie bedrijven rapporteerden.", "maturity": "De mediaan steeg."},
        actor=world.secretariat,
    )
    return services.report_publish(report=report, actor=world.secretariat)


def test_a_published_report_is_public_and_a_draft_is_not(world, client, login):
    draft = services.report_compose(
        agreement=world.agreement, year=_year(world), kind="core_group", actor=world.secretariat
    )
    published = _published(world)
    client.logout()
    assert client.get(reverse("reports:detail", args=[published.pk])).status_code == 200
    assert client.get(reverse("reports:pdf", args=[published.pk])).status_code == 200
    assert client.get(reverse("reports:detail", args=[draft.pk])).status_code == 404
    login(world.company_member)
    assert client.get(reverse("reports:detail", args=[draft.pk])).status_code == 404
    login(world.secretariat)
    assert client.get(reverse("reports:detail", args=[draft.pk])).status_code == 200


def test_the_pdf_says_what_the_page_says(world, round2, client):
    report = _published(world)
    with translation.override("en"):
        text = _rendered_text(report_html(report))
        page = client.get(
            reverse("reports:detail", args=[report.pk]), HTTP_ACCEPT_LANGUAGE="en"
        ).content.decode()
    for phrase in (
        "Voortgangsrapportage 2027",
        "Drie bedrijven rapporteerden.",
        "De mediaan steeg.",
        "Maturity of due diligence",
        "Who takes part",
    ):
        assert phrase in text
    assert "Drie bedrijven rapporteerden." in page
    for name in Organization.objects.filter(kind="company").values_list("name", flat=True):
        assert name not in text
    assert report_pdf(report).startswith(b"%PDF-")


def test_a_company_records_its_public_report_and_the_public_sees_it(world, client, login):
    world.company.reporting_regime = "vsme"
    world.company.save()
    login(world.company_member)
    url = reverse("reports:company_reporting")
    page = client.get(url).content.decode()
    assert "Alfa Metaal BV" in page and "Beta Staal BV" not in page
    refused = client.post(url, {"year": 2, "url": "niet-een-adres", "published_on": "2026-11-01"})
    assert refused.status_code == 400
    client.post(url, {"year": 2, "url": "https://alfa.example/vsme-2026.pdf", "published_on": "2026-11-01"})
    assert CompanyReport.objects.get().regime == "vsme"
    client.logout()
    public = client.get(reverse("public:participants")).content.decode()
    assert "https://alfa.example/vsme-2026.pdf" in public


def test_the_voluntary_standard_is_due_in_years_2_and_4_only(world):
    from imvo.reports.selectors import report_due

    due = [
        report_due(agreement=world.agreement, regime="vsme", year=y)
        for y in world.agreement.years.order_by("number")
    ]
    assert due == [False, True, False, True]
    assert all(
        report_due(agreement=world.agreement, regime="csrd", year=y) for y in world.agreement.years.all()
    )


def test_recruitment_counts_parties_and_supporters_against_the_targets(world, client, login):
    login(world.secretariat)
    client.post(
        reverse("reports:recruitment"),
        {"year": 2, "parties": 12, "supporters": 2, "plan": "Brancheleden benaderen"},
    )
    series = client.get(reverse("reports:recruitment")).context["series"]
    assert series["targets"] == [
        {"year": 2, "end": _year(world).end_date.isoformat(), "parties": 12, "supporters": 2}
    ]
    assert series["points"][-1]["parties"] == 7
    login(world.union_member)
    assert (
        client.post(reverse("reports:recruitment"), {"year": 2, "parties": 1, "supporters": 0}).status_code
        == 403
    )


def test_a_project_names_a_company_in_the_report_only_with_its_consent(world):
    from imvo.projects import services as projects
    from imvo.projects.tests.conftest import PROJECT, decide

    project = decide(
        world, projects.project_propose(agreement=world.agreement, actor=world.ngo_member, data=PROJECT)
    )
    projects.project_start(project=project, actor=world.ngo_member)
    alfa = projects.participant_add(
        project=project, actor=world.secretariat, role="participant", organization=world.company
    )
    beta = projects.participant_add(
        project=project, actor=world.secretariat, role="participant", organization=world.other_company
    )
    projects.participant_consent(participant=beta, actor=world.other_company_admin, consent=True)
    content = compose.compose(world.agreement, _year(world), "core_group")
    text = repr(content["sections"]["projects"])
    assert "Beta Staal BV" in text and "Alfa Metaal BV" not in text
    assert content["sections"]["projects"]["projects"][0]["companies"] == 2
    assert compose.companies_named(content) == []
    assert alfa.pk


def test_a_company_that_withdraws_its_consent_stops_the_report_naming_it(world):
    from imvo.projects import services as projects
    from imvo.projects.tests.conftest import PROJECT, decide

    project = decide(
        world, projects.project_propose(agreement=world.agreement, actor=world.ngo_member, data=PROJECT)
    )
    projects.project_start(project=project, actor=world.ngo_member)
    beta = projects.participant_add(
        project=project, actor=world.secretariat, role="participant", organization=world.other_company
    )
    projects.participant_consent(participant=beta, actor=world.other_company_admin, consent=True)
    report = services.report_compose(
        agreement=world.agreement, year=_year(world), kind="core_group", actor=world.secretariat
    )
    services.report_write(
        report=report, title="Jaarverslag", texts={"introduction": "Het jaar."}, actor=world.secretariat
    )
    projects.participant_consent(participant=beta, actor=world.other_company_admin, consent=False)
    with pytest.raises(ValidationError, match="Beta Staal BV"):
        services.report_publish(report=report, actor=world.secretariat)


def test_a_reporting_regime_held_by_too_few_companies_is_not_counted(world):
    Organization.objects.filter(pk=world.company.pk).update(reporting_regime="csrd")
    Organization.objects.filter(pk__in=[world.other_company.pk, world.third_company.pk]).update(
        reporting_regime="vsme"
    )
    rows = {r["regime"]: r for r in compose.public_reporting(world.agreement, _year(world))["rows"]}
    assert rows["csrd"]["companies"] is None and rows["csrd"]["due"] is None
    assert rows["vsme"]["companies"] is None, "two is too few too"
