"""Collective projects from proposal to result: the core group decides, a company is named only
with its own consent, escalated signals become projects without a company (art. 16, 23, 60)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from imvo.governance import services as gov
from imvo.governance.models import Proposal
from imvo.projects import selectors, services
from imvo.projects.models import Project
from imvo.projects.tests.conftest import PROJECT, decide


def _named(project, user) -> set[str]:
    return {p.name for p in selectors.participants_visible_to(project=project, user=user).shown}


# --- the decision ------------------------------------------------------------------------------


def test_a_proposal_goes_to_the_core_group_with_the_project_as_its_subject(world, proposed):
    assert proposed.status == Project.Status.PROPOSED and proposed.origin == Project.Origin.PARTY
    proposal = proposed.proposal
    assert (proposal.kind, proposal.subject, proposal.status) == ("collective_project", proposed, "open")
    assert "Adembescherming" in proposal.text and "Bolivia" in proposal.text
    assert [(p.organization, p.role) for p in proposed.participants.all()] == [(world.ngo, "lead")]


def test_the_core_groups_adoption_approves_the_project(world, proposed):
    project = decide(world, proposed, "for")
    assert project.proposal.adopted and project.status == Project.Status.APPROVED
    services.project_start(project=project, actor=world.ngo_member, started_on=dt.date(2026, 11, 1))
    assert project.status == Project.Status.RUNNING


def test_the_core_groups_rejection_marks_the_project_rejected(world, proposed):
    project = decide(world, proposed, "against")
    assert project.proposal.adopted is False and project.status == Project.Status.REJECTED
    with pytest.raises(ValidationError, match="approved"):
        services.update_add(project=project, actor=world.ngo_member, text="Toch begonnen.")


def test_the_assemblys_decision_is_applied_too(world, proposed):
    project = decide(world, proposed, "abstain")  # no majority: to the assembly
    assert project.proposal.status == Proposal.Status.TO_ASSEMBLY and project.status == "proposed"
    gov.assembly_ballot_record(proposal=project.proposal, organization=world.ngo, choice="for", actor=None)
    gov.assembly_tally(proposal=project.proposal, actor=world.secretariat, outcome="Aangenomen.")
    project.refresh_from_db()
    assert project.status == Project.Status.APPROVED


def test_withdrawing_the_proposal_withdraws_the_project_and_the_other_way_round(world, proposed):
    gov.proposal_withdraw(proposal=proposed.proposal, actor=world.secretariat)
    proposed.refresh_from_db()
    assert proposed.status == Project.Status.WITHDRAWN
    other = services.project_propose(agreement=world.agreement, actor=world.union_member, data=PROJECT)
    services.project_withdraw(project=other, actor=world.union_member)
    other.proposal.refresh_from_db()
    assert (other.status, other.proposal.status) == ("withdrawn", "withdrawn")


def test_a_decided_project_cannot_be_put_to_the_core_group_again(world, proposed):
    project = decide(world, proposed)
    with pytest.raises(ValidationError, match="still to be decided"):
        gov.proposal_submit(
            agreement=world.agreement,
            kind="collective_project",
            title="Nog eens",
            text="Nog eens.",
            actor=world.secretariat,
            subject=project,
        )
    with pytest.raises(ValidationError, match="start it from that record"):
        gov.proposal_submit(
            agreement=world.agreement,
            kind="collective_project",
            title="Los",
            text="Los.",
            actor=world.secretariat,
        )


def test_parties_and_the_secretariat_propose_the_government_does_not(world):
    for user in (world.company_admin, world.union_member, world.association_member, world.secretariat):
        services.project_propose(agreement=world.agreement, actor=user, data=PROJECT)
    for user in (world.government_observer, world.chair, world.no_org):
        with pytest.raises(ValidationError, match="proposed by a party"):
            services.project_propose(agreement=world.agreement, actor=user, data=PROJECT)
    secretariats = Project.objects.filter(proposed_by=world.secretariat_org).get()
    assert not secretariats.participants.exists(), "the secretariat brokers, it does not lead"


def test_a_proposal_is_checked_against_the_agreements_vocabulary(world):
    bad = {**PROJECT, "countries": ["XX"], "materials": ["kryptonite"], "themes": ["weather"], "budget": "-5"}
    with pytest.raises(ValidationError) as e:
        services.project_propose(agreement=world.agreement, actor=world.ngo_member, data=bad)
    assert set(e.value.message_dict) == {"countries", "materials", "themes", "budget"}
    late = {**PROJECT, "started_on": dt.date(2027, 1, 1), "ends_on": dt.date(2026, 1, 1)}
    with pytest.raises(ValidationError) as e:
        services.project_propose(agreement=world.agreement, actor=world.ngo_member, data=late)
    assert list(e.value.message_dict) == ["ends_on"]
    assert not Project.objects.exists()


# --- origins -----------------------------------------------------------------------------------


def test_a_collective_risk_brings_its_theme_material_and_area(world):
    from imvo.core.tests.test_permissions import _collective

    risk = _collective(world)  # child labour, cobalt, Africa
    project = services.project_from_collective_risk(
        collective_risk=risk, actor=world.union_member, data={"title": "Kobalt", "summary": "Samen."}
    )
    assert (project.origin, project.origin_collective_risk) == ("collective_risk", risk)
    assert (project.themes, project.materials, project.countries, project.regions) == (
        ["child_labour"],
        ["cobalt"],
        [],
        "Afrika",
    )
    assert project.proposal.subject == project


def test_an_escalated_signal_becomes_a_proposed_project_without_a_company(world):
    from imvo.core.tests.test_permissions import _signal
    from imvo.signals.services import signal_escalate

    signal = _signal(world)
    signal.theme = "child_labour"
    signal.save(update_fields=["theme"])
    proposal = signal_escalate(
        signal=signal, reason="Een structureel probleem in de regio.", actor=world.secretariat
    )
    project = Project.objects.get()
    assert proposal == project.proposal and proposal.subject == project
    assert (project.status, project.origin, project.origin_signal) == ("proposed", "signal", signal)
    assert project.countries == [signal.site_country] and project.themes == ["child_labour"]
    assert project.summary == "Een structureel probleem in de regio."
    assert not project.participants.exists(), "the secretariat proposes; no company is named"
    words = " ".join([project.title, project.summary, project.regions, proposal.title, proposal.text])
    assert not re.search("Alfa|Beta|Gamma", words)


# --- consent -----------------------------------------------------------------------------------


def test_a_companys_participation_is_seen_only_by_itself_and_the_secretariat(world, running):
    alfa = "Alfa Metaal BV"
    for user in (world.company_admin, world.company_member, world.secretariat):
        assert alfa in _named(running, user)
    for user in (
        world.other_company_admin,
        world.ngo_member,
        world.government_observer,
        world.core_group_member,
        None,
    ):
        assert alfa not in _named(running, user)
        assert selectors.participants_visible_to(project=running, user=user).hidden_companies == 1
    assert _named(running, world.ngo_member) == {"Stichting Ketenrecht"}, "an NGO is named always"


def test_the_company_itself_gives_and_withdraws_its_consent(world, running):
    row = running.participants.get(organization=world.company)
    for someone in (world.secretariat, world.other_company_admin, world.ngo_member):
        with pytest.raises(ValidationError, match="company itself"):
            services.participant_consent(participant=row, actor=someone, consent=True)
    services.participant_consent(participant=row, actor=world.company_admin, consent=True)
    assert "Alfa Metaal BV" in _named(running, world.other_company_admin)
    services.participant_consent(participant=row, actor=world.company_admin, consent=False)
    assert "Alfa Metaal BV" not in _named(running, world.government_observer)
    ngo_row = running.participants.get(organization=world.ngo)
    with pytest.raises(ValidationError, match="Only a company"):
        services.participant_consent(participant=ngo_row, actor=world.ngo_member, consent=False)


def test_participants_are_organizations_taking_part_or_local_partners(world, running):
    services.participant_add(
        project=running, actor=world.ngo_member, role="funder", organization=world.government
    )
    services.participant_add(
        project=running, actor=world.ngo_member, role="local_partner", local_partner_name="Sindicato Vinto"
    )
    with pytest.raises(ValidationError, match="not in the project yet"):
        services.participant_add(
            project=running, actor=world.ngo_member, role="participant", organization=world.company
        )
    with pytest.raises(ValidationError, match="local partner"):
        services.participant_add(
            project=running, actor=world.ngo_member, role="lead", local_partner_name="Coop"
        )
    with pytest.raises(ValidationError):
        services.participant_add(project=running, actor=world.ngo_member, role="participant")
    assert {"Ministerie", "Sindicato Vinto"} <= _named(running, world.other_company_admin)
    lead = running.participants.get(role="lead")
    with pytest.raises(ValidationError, match="only lead"):
        services.participant_remove(participant=lead, actor=world.secretariat)


# --- the reports -------------------------------------------------------------------------------


def test_the_summary_counts_companies_and_names_only_those_that_agreed(world, running, proposed):
    services.participant_add(
        project=running, actor=world.secretariat, role="participant", organization=world.other_company
    )
    beta = running.participants.get(organization=world.other_company)
    services.participant_consent(participant=beta, actor=world.other_company_admin, consent=True)
    services.update_add(project=running, actor=world.ngo_member, text="Gestart.")
    services.result_add(
        project=running, actor=world.ngo_member, title="Afzuiging", indicator="smelters", value="2"
    )
    services.project_propose(
        agreement=world.agreement, actor=world.union_member, data={**PROJECT, "budget": "1"}
    )
    summary = selectors.project_summary(agreement=world.agreement)
    assert [p.title for p in summary.projects] == [running.title], "proposals are not in the reports"
    assert summary.by_status == {"approved": 0, "running": 1, "completed": 0}
    assert summary.companies == 2 and summary.companies_named == ["Beta Staal BV"]
    assert summary.participants_by_kind["company"]["count"] == 2
    assert summary.participants_by_kind["ngo"]["named"] == ["Stichting Ketenrecht"]
    assert summary.countries == [("BO", "Bolivia", 1)] and summary.materials == [("tin", "Tin", 1)]
    assert summary.budget_total == Decimal("120000")
    public = summary.projects[0]
    assert "Alfa Metaal BV" not in str(public) and public.companies_named == ["Beta Staal BV"]
    assert [r.value for r in public.results] == ["2"]


def test_the_summary_of_a_year_holds_the_projects_that_ran_in_it(world, running):
    services.project_close(project=running, actor=world.secretariat, note="Klaar.")
    earlier = services.project_record_earlier(
        agreement=world.agreement,
        actor=world.secretariat,
        data={
            **PROJECT,
            "title": "Eerste convenant",
            "started_on": dt.date(2020, 1, 1),
            "ends_on": dt.date(2024, 6, 30),
        },
    )
    this_year = world.agreement.current_year()
    assert [
        p.title for p in selectors.project_summary(agreement=world.agreement, year=this_year).projects
    ] == [running.title], "the first covenant's project ended before this agreement began"
    everything = selectors.project_summary(agreement=world.agreement)
    assert {p.title for p in everything.projects} == {running.title, earlier.title}
    assert everything.by_status["completed"] == 2


def test_anyone_sees_the_approved_projects_and_a_proposal_as_its_governance_proposal(world, running):
    other = services.project_propose(agreement=world.agreement, actor=world.union_member, data=PROJECT)

    def seen(user):
        return set(selectors.projects_visible_to(user=user, agreement=world.agreement))

    assert seen(None) == seen(world.other_company_admin) == seen(world.government_observer) == {running}
    assert seen(world.union_member) == {running, other}, "the proposer sees its own proposal"
    assert seen(world.core_group_member) == seen(world.chair) == seen(world.secretariat) == {running, other}
    decide(world, other, "against")
    gov.proposal_publish(proposal=other.proposal, actor=world.secretariat)
    assert seen(world.other_company_admin) == {running, other}, "a published decision is known to all parties"
    assert seen(None) == {running}
    assert set(selectors.projects_visible_to(user=None, agreement=world.agreement, country="PE")) == set()
