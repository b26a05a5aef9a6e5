"""The risk pages as their users meet them: what each role sees, bad input kept, reads logged."""

from __future__ import annotations

from auditlog.models import LogEntry
from django.urls import reverse

from imvo.core.tests.test_permissions import _risk, _sector_report
from imvo.risks import services
from imvo.risks.models import Risk, SectorReport


def test_only_the_owner_removes_a_risk(world, login):
    risk = _risk(world)
    url = reverse("risks:risk_delete", args=[risk.pk])
    assert login(world.secretariat).post(url).status_code == 403
    assert login(world.other_company_admin).post(url).status_code == 404
    assert login(world.ngo_member).post(url).status_code == 404
    assert Risk.objects.filter(pk=risk.pk).exists()
    assert login(world.company_member).post(url).status_code == 302
    assert not Risk.objects.filter(pk=risk.pk).exists()


def test_a_refused_save_keeps_what_was_typed_and_says_why(world, login):
    risk = _risk(world)
    client = login(world.company_member)
    data = {
        "theme": "health_safety",
        "nature": "potential",
        "description": "Stof in de gieterij van onze toeleverancier",
        "override": "prioritise",
        "override_reason": "",
        "gender": "no",
    }
    response = client.post(reverse("risks:risk_edit", args=[risk.pk]), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Stof in de gieterij van onze toeleverancier" in page
    assert 'id="id_override_reason"' in page and "has-error" in page
    risk.refresh_from_db()
    assert risk.description == "" and risk.override == ""


def test_the_secretariats_read_of_a_register_is_logged_and_the_owners_is_not(world, login):
    risk = _risk(world)
    url = reverse("risks:register", args=[risk.register_id])
    assert login(world.company_member).get(url).status_code == 200
    assert not LogEntry.objects.filter(action=LogEntry.Action.ACCESS).exists()
    for name in ("risks:register", "risks:register_excel"):
        assert login(world.secretariat).get(reverse(name, args=[risk.register_id])).status_code == 200
    reads = LogEntry.objects.filter(action=LogEntry.Action.ACCESS, actor=world.secretariat)
    assert reads.count() == 2
    assert {e.additional_data["owner_organization"] for e in reads} == {world.company.pk}


def test_the_secretariat_sees_every_company_and_cannot_change_a_register(world, login):
    risk = _risk(world)
    page = login(world.secretariat).get(reverse("risks:index")).content.decode()
    assert "Alfa Metaal BV" in page and "Beta Staal BV" in page
    register_page = login(world.secretariat).get(reverse("risks:register", args=[risk.register_id]))
    assert reverse("risks:risk_add", args=[risk.register_id]) not in register_page.content.decode()


def test_the_publish_button_appears_when_every_risk_is_complete(world, login):
    risk = _risk(world)
    url = reverse("risks:register", args=[risk.register_id])
    publish = reverse("risks:statement_publish", args=[risk.register_id])
    assert publish in login(world.company_member).get(url).content.decode()
    services.risk_save(
        register=risk.register, data={"theme": "climate", "nature": "potential"}, actor=world.company_member
    )
    assert publish not in login(world.company_member).get(url).content.decode()


def test_parties_see_the_published_sector_report_and_not_a_draft(world, login):
    _risk(world)
    draft = _sector_report(world, publish=False)
    ngo = login(world.ngo_member)
    assert ngo.get(reverse("risks:sector_excel", args=[draft.pk])).status_code == 404
    assert f"?report={draft.pk}" not in ngo.get(reverse("risks:sector")).content.decode()
    secretariat = login(world.secretariat)
    assert f"?report={draft.pk}" in secretariat.get(reverse("risks:sector")).content.decode()


def test_a_statement_shows_a_location_only_by_choice(world, client):
    risk = _risk(world)
    services.risk_save(
        register=risk.register,
        risk=risk,
        data={"country": "PE", "region": "PE-ICA", "disclose_location": False},
        actor=world.company_member,
    )
    services.statement_publish(register=risk.register, actor=world.company_member)
    page = client.get(reverse("risks:statement", args=[risk.register_id])).content.decode()
    assert "Ica" not in page and "Peru" not in page
    services.risk_save(
        register=risk.register, risk=risk, data={"disclose_location": True}, actor=world.company_member
    )
    services.statement_publish(register=risk.register, actor=world.company_member)
    page = client.get(reverse("risks:statement", args=[risk.register_id])).content.decode()
    assert "Ica (Peru)" in page
    first = client.get(reverse("risks:statement", args=[risk.register_id]) + "?version=1").content.decode()
    assert "Peru" not in first, "an earlier version stays as it was published"


def test_the_secretariat_builds_a_draft_then_publishes_it_once(world, login):
    _risk(world)
    client = login(world.secretariat)
    response = client.post(reverse("risks:sector_build"), follow=True)
    page = response.content.decode()
    assert reverse("risks:sector_publish", args=[SectorReport.objects.get().pk]) in page
    client.post(reverse("risks:sector_publish", args=[SectorReport.objects.get().pk]))
    page = client.post(reverse("risks:sector_build"), follow=True).content.decode()
    assert SectorReport.objects.count() == 1 and reverse("risks:sector_build") not in page
