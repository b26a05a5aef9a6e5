"""The API applies exactly the permissions of the pages, for every endpoint and role."""

import pytest
import schemathesis
from django.urls import reverse

from imvo.accounts.services import api_token_create
from imvo.agreements.models import CompanyObligation
from imvo.core.tests.test_permissions import ALL

SLUG = "metaal-2025-2029"


@pytest.fixture
def bearer(world):
    def _bearer(role):
        user = world.user(role)
        if user is None:
            return {}
        _t, key = api_token_create(user=user, name="test")
        return {"HTTP_AUTHORIZATION": f"Bearer {key}"}

    return _bearer


def test_the_schema_is_published(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["info"]["version"] == "1"
    assert {"/api/v1/organizations", "/api/v1/agreements/{slug}/calendar", "/api/v1/me"} <= set(
        schema["paths"]
    )


@pytest.mark.parametrize("role", ALL)
def test_every_endpoint_for_every_role(world, client, bearer, role):
    headers = bearer(role)
    anonymous = role == "anonymous"
    has_org = role not in ("anonymous", "no_org")
    co = CompanyObligation.objects.filter(organization=world.company, obligation__year__number=1).first()
    expected = {
        ("get", "/api/v1/me"): 401 if anonymous else 200,
        ("get", "/api/v1/agreements"): 401 if anonymous else (200 if has_org else 403),
        ("get", f"/api/v1/agreements/{SLUG}"): 401 if anonymous else (200 if has_org else 403),
        ("get", f"/api/v1/agreements/{SLUG}/calendar"): 401 if anonymous else (200 if has_org else 403),
        ("get", f"/api/v1/agreements/{SLUG}/progress"): 401 if anonymous else (200 if has_org else 403),
        ("get", "/api/v1/organizations"): 401 if anonymous else (200 if has_org else 403),
        ("get", f"/api/v1/organizations/{world.company.pk}"): 401 if anonymous else (200 if has_org else 403),
        ("patch", f"/api/v1/agreements/calendar/{co.pk}"): (
            401
            if anonymous
            else 200
            if role == "secretariat"
            else 403
            if role in ("company_admin", "company_member")
            else 404
        ),
    }
    for (method, url), code in expected.items():
        kwargs = {"content_type": "application/json", "data": {"status": "done"}} if method == "patch" else {}
        response = getattr(client, method)(url, **kwargs, **headers)
        assert response.status_code == code, f"{role} {method} {url}: {response.status_code} != {code}"


def test_details_only_for_the_company_itself_and_the_secretariat(world, client, bearer):
    for role, visible in [
        ("company_member", True),
        ("secretariat", True),
        ("other_company_admin", False),
        ("ngo_member", False),
        ("chair", False),
    ]:
        data = client.get(f"/api/v1/organizations/{world.company.pk}", **bearer(role)).json()
        assert data["details_visible"] is visible, role
        assert (data["fte"] == 120) is visible, role


def test_the_calendar_shows_a_company_only_its_own_rows(world, client, bearer):
    rows = client.get(f"/api/v1/agreements/{SLUG}/calendar", **bearer("company_member")).json()
    assert rows and {r["organization_id"] for r in rows} == {world.company.pk}
    assert client.get(f"/api/v1/agreements/{SLUG}/calendar", **bearer("ngo_member")).json() == []
    all_rows = client.get(
        f"/api/v1/agreements/{SLUG}/calendar?year=1&kind=plan_of_approach", **bearer("secretariat")
    ).json()
    assert len(all_rows) == 3


def test_the_secretariat_records_completion_through_the_api(world, client, bearer):
    co = CompanyObligation.objects.filter(organization=world.company).first()
    response = client.patch(
        f"/api/v1/agreements/calendar/{co.pk}",
        data={"status": "waived", "note": ""},
        content_type="application/json",
        **bearer("secretariat"),
    )
    assert response.status_code == 422
    response = client.patch(
        f"/api/v1/agreements/calendar/{co.pk}",
        data={"status": "done"},
        content_type="application/json",
        **bearer("secretariat"),
    )
    assert response.json()["state"] == "done"


def test_session_users_use_the_api_too(world, login):
    assert login(world.company_member).get("/api/v1/me").json()["roles"] == ["company_member"]


def test_the_api_documentation_page_renders(client):
    assert client.get(reverse("api-v1:openapi-view")).status_code == 200


def test_the_api_never_fails_on_any_input(world):
    """Schemathesis generates requests from the OpenAPI schema; none may end in a server error."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    # As Django's test client does: the test's own transaction must survive each request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        _fuzz(world)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _fuzz(world):
    from django.core.wsgi import get_wsgi_application
    from hypothesis import HealthCheck, Phase, given, settings

    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    _t, key = api_token_create(user=world.secretariat, name="fuzz")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 7
    for operation in operations:

        @settings(
            max_examples=25,
            deadline=None,
            database=None,
            phases=[Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def check(case):
            response = case.call(headers={"Authorization": f"Bearer {key}"})
            assert response.status_code < 500, f"{case.method} {case.formatted_path}: {response.status_code}"

        check()
