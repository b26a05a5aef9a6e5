"""The production-location API applies the pages' permissions, for every endpoint and role."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile

from imvo.core.tests.test_api import bearer  # noqa: F401
from imvo.core.tests.test_permissions import ALL
from imvo.supply_chain import services


@pytest.fixture
def submitted(world):
    ll = services.list_start_empty(
        organization=world.company, year=world.agreement.current_year(), actor=world.company_member
    )
    services.location_save(
        location_list=ll,
        data={
            "name": "PT Timah Tbk",
            "country": "ID",
            "activity": "smelting",
            "materials": ["tin"],
            "tier": "3+",
        },
        actor=world.company_member,
    )
    services.list_submit(location_list=ll, actor=world.company_member)
    return ll


@pytest.mark.parametrize("role", ALL)
def test_every_endpoint_for_every_role(world, client, bearer, submitted, role):  # noqa: F811
    headers = bearer(role)
    anonymous = role == "anonymous"
    has_org = role not in ("anonymous", "no_org")
    owner_or_secretariat = role in ("company_admin", "company_member", "secretariat")
    expected = {
        "/api/v1/production-locations/lists": 401 if anonymous else (200 if has_org else 403),
        f"/api/v1/production-locations/lists/{submitted.pk}": 401
        if anonymous
        else (200 if owner_or_secretariat else 403),
        "/api/v1/production-locations/aggregated": 401 if anonymous else (200 if has_org else 403),
    }
    for url, code in expected.items():
        response = client.get(url, **headers)
        assert response.status_code == code, f"{role} {url}: {response.status_code} != {code}"
    lists = client.get("/api/v1/production-locations/lists", **headers)
    if lists.status_code == 200:
        visible = {row["organization_id"] for row in lists.json()}
        if role == "secretariat":
            assert world.company.pk in visible
        elif role in ("company_admin", "company_member"):
            assert visible == {world.company.pk}
        else:
            assert visible == set()


def test_the_secretariats_api_reads_are_logged(world, client, bearer, submitted):  # noqa: F811
    data = client.get(f"/api/v1/production-locations/lists/{submitted.pk}", **bearer("secretariat")).json()
    assert data["locations"][0]["name"] == "PT Timah Tbk"
    assert LogEntry.objects.filter(action=LogEntry.Action.ACCESS, actor=world.secretariat).count() == 1
    client.get(f"/api/v1/production-locations/lists/{submitted.pk}", **bearer("company_member"))
    assert LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count() == 1


def test_a_company_uploads_through_the_api(world, client, bearer, django_capture_on_commit_callbacks):  # noqa: F811
    upload = SimpleUploadedFile("lijst.csv", b"Name,Country,Activity type\nAurubis AG,Germany,refinery\n")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v1/production-locations/lists", {"file": upload}, **bearer("company_member")
        )
    assert response.status_code == 202
    detail = client.get(
        f"/api/v1/production-locations/lists/{response.json()['id']}", **bearer("company_member")
    )
    assert [loc["country"] for loc in detail.json()["locations"]] == ["DE"]
    refused = client.post(
        "/api/v1/production-locations/lists",
        {"file": SimpleUploadedFile("x.csv", b"a")},
        **bearer("ngo_member"),
    )
    assert refused.status_code == 403
