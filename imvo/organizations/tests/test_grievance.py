"""A company's own grievance mechanism, open to third parties (art. 85)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from imvo.organizations.services import grievance_mechanism_save

OPEN = {
    "description": "Klachten over onze keten behandelen wij binnen vier weken; melders blijven anoniem.",
    "url": "https://alfa.example/klachten",
    "contact": "",
    "languages": "Nederlands, English, Français",
    "open_to_third_parties": True,
    "aligned_with_ungp": True,
}


def test_an_open_mechanism_must_say_how_third_parties_reach_it(world):
    with pytest.raises(ValidationError) as e:
        grievance_mechanism_save(
            organization=world.company, data={**OPEN, "url": ""}, actor=world.company_admin
        )
    assert "contact" in e.value.error_dict
    with pytest.raises(ValidationError):
        grievance_mechanism_save(organization=world.ngo, data=OPEN, actor=world.secretariat)


def test_the_mechanism_is_public_once_recorded(world, client, login):
    page = client.get(reverse("organizations:grievance_mechanisms")).content.decode()
    assert "Alfa Metaal BV" not in page
    response = login(world.company_admin).post(
        reverse("organizations:grievance_mechanism", args=[world.company.pk]), OPEN
    )
    assert response.status_code == 302
    client.logout()
    page = client.get(reverse("organizations:grievance_mechanisms")).content.decode()
    assert "Alfa Metaal BV" in page and "https://alfa.example/klachten" in page
    detail = (
        login(world.ngo_member).get(reverse("organizations:detail", args=[world.company.pk])).content.decode()
    )
    assert "melders blijven anoniem" in detail


def test_a_refused_save_keeps_the_text(world, login):
    response = login(world.company_admin).post(
        reverse("organizations:grievance_mechanism", args=[world.company.pk]),
        {**OPEN, "url": "", "open_to_third_parties": "on"},
    )
    assert response.status_code == 400 and "melders blijven anoniem" in response.content.decode()
