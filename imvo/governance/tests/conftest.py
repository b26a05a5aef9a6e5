"""A full core group on top of the world: every seat held, a meeting today with everyone present."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from imvo.conftest import SIGNED
from imvo.governance import services


@pytest.fixture(autouse=True)
def _in_english(_test_settings):
    """The services' messages are asserted in their English source, whatever the translation says."""
    translation.activate("en")


@pytest.fixture
def seated(world):
    """Unions: the world's member; NGOs: the NGO's member; industry associations: the association's
    member; companies: Alfa's admin, with Beta's admin as alternate."""
    for user, role, seat in (
        (world.ngo_member, "regular", "ngos"),
        (world.association_member, "regular", "industry_associations"),
        (world.company_admin, "regular", "companies"),
        (world.other_company_admin, "alternate", "companies"),
    ):
        services.core_group_member_add(
            agreement=world.agreement, user=user, role=role, constituency=seat, started_on=SIGNED
        )
    return world


def report():
    return SimpleUploadedFile(
        "voortgang.pdf", b"%PDF-1.4 voortgangsrapportage", content_type="application/pdf"
    )


@pytest.fixture
def meeting_today(seated):
    w = seated
    meeting = services.meeting_plan(
        agreement=w.agreement,
        body="core_group",
        held_on=timezone.localdate(),
        place="Den Haag",
        actor=w.secretariat,
    )
    services.meeting_attendance_set(
        meeting=meeting,
        present=[w.core_group_member, w.ngo_member, w.association_member, w.company_admin, w.chair],
        actor=w.secretariat,
    )
    return meeting


def vote_on(w, meeting, **kwargs):
    proposal = services.proposal_submit(
        agreement=w.agreement,
        kind=kwargs.pop("kind", "general"),
        title=kwargs.pop("title", "Jaarplan 2027"),
        text=kwargs.pop("text", "De kerngroep stelt het jaarplan 2027 vast."),
        actor=w.secretariat,
        **kwargs,
    )
    return services.proposal_vote_open(proposal=proposal, meeting=meeting, actor=w.secretariat)
