"""The project pages as each role meets them: what they show, who may change what, and a refused
form that keeps what was typed."""

from __future__ import annotations

from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from imvo.projects.models import Project
from imvo.projects.tests.conftest import PROJECT


def _detail(project):
    return reverse("projects:detail", args=[project.pk])


def test_the_list_shows_the_running_project_and_filters_by_country(world, running, client, login):
    login(world.government_observer)
    page = client.get(reverse("projects:list")).content.decode()
    assert running.title in page and "Propose a project" not in page
    assert running.title not in client.get(reverse("projects:list"), {"country": "PE"}).content.decode()
    assert (
        running.title
        in client.get(reverse("projects:list"), {"country": "BO", "status": "running"}).content.decode()
    )
    login(world.other_company_admin)
    assert "Propose a project" in client.get(reverse("projects:list")).content.decode()


def test_a_party_proposes_a_project_and_sees_it_before_the_core_group(world, client, login):
    login(world.union_member)
    data = {**PROJECT, "countries": ["BO", "PE"], "collective_risk": ""}
    response = client.post(reverse("projects:propose"), data)
    project = Project.objects.get()
    assert response.status_code == 302 and response["Location"] == _detail(project)
    page = client.get(_detail(project)).content.decode()
    assert "proposed to the core group" in page and "Withdraw the proposal" in page
    login(world.other_company_admin)
    assert client.get(_detail(project)).status_code == 404, "a proposal is the core group's until decided"
    login(world.core_group_member)
    assert "The proposal before the core group" in client.get(_detail(project)).content.decode()


def test_a_refused_proposal_keeps_what_was_typed(world, client, login):
    login(world.ngo_member)
    response = client.post(
        reverse("projects:propose"), {**PROJECT, "title": "", "summary": "Mijn tekst blijft."}
    )
    assert response.status_code == 400
    assert "Mijn tekst blijft." in response.content.decode()
    assert not Project.objects.exists()


def test_a_company_sees_itself_unnamed_and_chooses_to_be_named(world, running, client, login):
    login(world.other_company_admin)
    assert "Alfa Metaal BV" not in client.get(_detail(running)).content.decode()
    assert "one company that has not agreed to be named" in client.get(_detail(running)).content.decode()
    row = running.participants.get(organization=world.company)
    login(world.company_member)
    page = client.get(_detail(running)).content.decode()
    assert "Alfa Metaal BV" in page and "not shown to other parties" in page
    assert "Show our name" not in page, "the company's administrator decides"
    assert client.post(_detail(running), {"action": "consent", "participant": row.pk}).status_code == 403
    login(world.company_admin)
    client.post(_detail(running), {"action": "consent", "participant": row.pk})
    login(world.government_observer)
    assert "Alfa Metaal BV" in client.get(_detail(running)).content.decode()


def test_the_secretariats_read_of_an_unnamed_company_is_logged(world, running, client, login):
    login(world.secretariat)
    assert "Alfa Metaal BV" in client.get(_detail(running)).content.decode()
    logged = LogEntry.objects.filter(action=LogEntry.Action.ACCESS, object_repr="Alfa Metaal BV")
    assert logged.count() == 1
    login(world.company_admin)
    client.get(_detail(running))
    assert logged.count() == 1, "the company reading its own participation is not logged"


def test_the_lead_records_progress_results_and_participants_others_may_not(world, running, client, login):
    login(world.ngo_member)
    client.post(
        _detail(running),
        {
            "action": "update",
            "update-date": "2026-11-02",
            "update-text": "Afzuiging besteld.",
            "update-file": SimpleUploadedFile("offerte.pdf", b"%PDF-1.4"),
        },
    )
    update = running.updates.get()
    assert update.original_name == "offerte.pdf" and len(update.sha256) == 64
    client.post(
        _detail(running),
        {
            "action": "result",
            "result-title": "Afzuiging",
            "result-indicator": "smelters",
            "result-value": "1",
            "result-date": "2026-11-20",
        },
    )
    client.post(
        _detail(running),
        {
            "action": "participant",
            "participant-local_partner_name": "Sindicato Vinto",
            "participant-role": "local_partner",
        },
    )
    assert running.results.get().value == "1"
    page = client.get(_detail(running)).content.decode()
    assert "Afzuiging besteld." in page and "Sindicato Vinto" in page
    file_url = reverse("projects:update_file", args=[running.pk, update.pk])
    login(world.government_observer)
    assert client.get(file_url).status_code == 200
    assert client.post(_detail(running), {"action": "result", "result-title": "X"}).status_code == 403
    login(world.union_member)
    assert client.post(_detail(running), {"action": "update", "update-text": "X"}).status_code == 403


def test_a_refused_update_keeps_the_text_and_says_why(world, running, client, login):
    login(world.ngo_member)
    response = client.post(
        _detail(running),
        {"action": "update", "update-date": "2099-01-01", "update-text": "Te vroeg geschreven."},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Te vroeg geschreven." in page and "cannot lie in the future" in page


def test_the_lead_completes_the_project(world, running, client, login):
    login(world.ngo_member)
    client.post(_detail(running), {"action": "close", "close-ends_on": "2026-11-30", "close-note": "Klaar."})
    running.refresh_from_db()
    assert running.status == "completed" and running.closing_note == "Klaar."


def test_the_lead_changes_the_project_description(world, running, client, login):
    url = reverse("projects:edit", args=[running.pk])
    login(world.ngo_member)
    data = {**PROJECT, "goals": "Vier smelters.", "budget": "150000"}
    assert client.post(url, data).status_code == 302
    running.refresh_from_db()
    assert running.goals == "Vier smelters." and str(running.budget) == "150000.00"
    login(world.company_admin)
    assert client.get(url).status_code == 403


def test_a_project_proposed_from_a_collective_risk_takes_over_its_theme(world, client, login):
    from imvo.core.tests.test_permissions import _collective

    risk = _collective(world)
    login(world.union_member)
    form = client.get(reverse("projects:propose"), {"risk": risk.pk}).content.decode()
    assert f'<option value="{risk.pk}" selected>' in form
    client.post(
        reverse("projects:propose"), {"title": "Kobalt", "summary": "Samen.", "collective_risk": risk.pk}
    )
    project = Project.objects.get()
    assert (project.origin_collective_risk, project.themes, project.materials) == (
        risk,
        ["child_labour"],
        ["cobalt"],
    )


def test_a_progress_update_does_not_name_an_unconsenting_lead_company(world, login):
    from imvo.projects import services as projects
    from imvo.projects.tests.conftest import PROJECT, decide

    project = decide(
        world,
        projects.project_propose(agreement=world.agreement, actor=world.other_company_admin, data=PROJECT),
    )
    projects.project_start(project=project, actor=world.other_company_admin)
    projects.update_add(project=project, actor=world.other_company_admin, text="Eerste audit gedaan.")
    url = reverse("projects:detail", args=[project.pk])
    page = login(world.union_member).get(url).content.decode()
    assert "Eerste audit gedaan." in page and world.other_company_admin.full_name not in page
    assert world.other_company_admin.full_name in login(world.other_company_admin).get(url).content.decode()
