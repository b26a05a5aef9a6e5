"""Projects on top of the world: proposed by the NGO, decided by the core group at a meeting today
where the union's member (the only seated voter) is present."""

from __future__ import annotations

import pytest
from django.utils import timezone, translation

from imvo.accounts.models import User
from imvo.governance import services as gov
from imvo.projects import services

PROJECT = {
    "title": "Veilig werk bij tinsmelters",
    "summary": "Adembescherming en afzuiging bij smelters in Bolivia.",
    "goals": "Drie smelters met werkende afzuiging.",
    "countries": ["BO"],
    "regions": "Oruro",
    "materials": ["tin"],
    "themes": ["health_safety"],
    "budget": "120000",
    "co_financing": "RVO",
}


@pytest.fixture(autouse=True)
def _in_english(_test_settings):
    """The services' messages are asserted in their English source."""
    translation.activate("en")


@pytest.fixture(autouse=True)
def _english_readers(request):
    """Everyone in the world reads the pages in English, so the tests name what they see once."""
    if "world" in request.fixturenames:
        request.getfixturevalue("world")
        User.objects.update(language="en")


def decide(world, project, choice: str = "for"):
    """The core group votes on the project's proposal at a meeting today."""
    meeting = gov.meeting_plan(
        agreement=world.agreement, body="core_group", held_on=timezone.localdate(), actor=world.secretariat
    )
    gov.meeting_attendance_set(meeting=meeting, present=[world.core_group_member], actor=world.secretariat)
    gov.proposal_vote_open(proposal=project.proposal, meeting=meeting, actor=world.secretariat)
    gov.ballot_cast(proposal=project.proposal, user=world.core_group_member, choice=choice)
    gov.proposal_tally(proposal=project.proposal, actor=world.chair, outcome="Besloten.")
    project.refresh_from_db()
    return project


@pytest.fixture
def proposed(world):
    return services.project_propose(agreement=world.agreement, actor=world.ngo_member, data=PROJECT)


@pytest.fixture
def running(world, proposed):
    """Approved by the core group and started; Alfa takes part without agreeing to be named."""
    project = decide(world, proposed)
    services.project_start(project=project, actor=world.ngo_member)
    services.participant_add(
        project=project, actor=world.secretariat, role="participant", organization=world.company
    )
    project.refresh_from_db()
    return project
