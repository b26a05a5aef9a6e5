"""The risk API applies the pages' permissions, for every endpoint and role."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry

from imvo.core.tests.test_api import bearer  # noqa: F401
from imvo.core.tests.test_permissions import ALL, _risk_statement, _sector_report


@pytest.fixture
def published(world):
    statement = _risk_statement(world)
    _sector_report(world)
    return statement


@pytest.mark.parametrize("role", ALL)
def test_every_endpoint_for_every_role(world, client, bearer, published, role):  # noqa: F811
    headers = bearer(role)
    anonymous = role == "anonymous"
    has_org = role not in ("anonymous", "no_org")
    owner_or_secretariat = role in ("company_admin", "company_member", "secretariat")
    pk = published.register_id
    expected = {
        "/api/v1/risks/registers": 401 if anonymous else (200 if has_org else 403),
        f"/api/v1/risks/registers/{pk}": 401 if anonymous else (200 if owner_or_secretariat else 404),
        "/api/v1/risks/statements": 200,
        f"/api/v1/risks/statements/{pk}": 200,
        f"/api/v1/risks/statements/{pk}?version=9": 404,
        "/api/v1/risks/sector": 401 if anonymous else (200 if has_org else 403),
    }
    for url, code in expected.items():
        response = client.get(url, **headers)
        assert response.status_code == code, f"{role} {url}: {response.status_code} != {code}"
    registers = client.get("/api/v1/risks/registers", **headers)
    if registers.status_code == 200:
        visible = {row["organization_id"] for row in registers.json()}
        assert visible == ({world.company.pk} if owner_or_secretariat else set())


def test_a_register_reads_with_ranks_and_the_secretariats_reads_are_logged(world, client, bearer, published):  # noqa: F811
    data = client.get(f"/api/v1/risks/registers/{published.register_id}", **bearer("secretariat")).json()
    assert data["risks"][0]["rank"] == 1 and data["risks"][0]["prioritised"] is True
    assert data["statement_version"] == 1
    assert LogEntry.objects.filter(action=LogEntry.Action.ACCESS, actor=world.secretariat).count() == 1
    client.get(f"/api/v1/risks/registers/{published.register_id}", **bearer("company_member"))
    client.get("/api/v1/risks/registers", **bearer("company_member"))
    assert LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count() == 1
    listed = client.get("/api/v1/risks/registers", **bearer("secretariat")).json()
    assert listed[0]["statement_version"] == 1
    assert LogEntry.objects.filter(action=LogEntry.Action.ACCESS, actor=world.secretariat).count() == 2


def test_the_sector_shows_parties_only_what_was_published(world, client, bearer, published):  # noqa: F811
    from imvo.risks.services import sector_report_build

    sector_report_build(
        agreement=world.agreement, year=world.agreement.years.get(number=1), actor=world.secretariat
    )
    seen = {r["status"] for r in client.get("/api/v1/risks/sector", **bearer("ngo_member")).json()}
    assert seen == {"published"}
    seen = {r["status"] for r in client.get("/api/v1/risks/sector", **bearer("secretariat")).json()}
    assert seen == {"published", "draft"}
