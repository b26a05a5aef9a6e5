"""The self-assessment API: the pages' visibility for every role, conflicts, submitting, results."""

import datetime as dt

import pytest

from imvo.core.tests.test_api import bearer  # noqa: F401  (fixture)
from imvo.core.tests.test_permissions import ALL
from imvo.monitoring import services
from imvo.monitoring.tests.test_views import fill


@pytest.fixture
def assessment(world):
    rnd = services.round_open(
        agreement=world.agreement, year_number=2, due_date=dt.date(2027, 4, 16), actor=world.secretariat
    )
    return rnd.assessments.get(organization=world.company)


@pytest.mark.parametrize("role", ALL)
def test_every_monitoring_endpoint_for_every_role(world, client, bearer, assessment, role):  # noqa: F811
    headers = bearer(role)
    anonymous, company = role == "anonymous", role in ("company_admin", "company_member")
    base = f"/api/v1/monitoring/assessments/{assessment.pk}"
    hidden = 401 if anonymous else 404

    def code(company_code, secretariat_code):
        return company_code if company else secretariat_code if role == "secretariat" else hidden

    expected = [
        ("get", "/api/v1/monitoring/assessments", 401 if anonymous else 403 if role == "no_org" else 200),
        (
            "get",
            "/api/v1/monitoring/frameworks/metal-2025.1",
            401 if anonymous else 403 if role == "no_org" else 200,
        ),
        ("get", base, code(200, 200)),
        ("get", f"{base}/result", code(404, 404)),
        ("put", f"{base}/answers/1.1-policy", code(200, 403)),
        ("post", f"{base}/submit", code(200, 403)),
        ("get", f"{base}/result", code(200, 404)),  # the secretariat cannot submit for a company
    ]
    for method, url, status in expected:
        kwargs = {"content_type": "application/json", "data": {"met": {"a": True}, "revision": 0}}
        response = getattr(client, method)(url, **(kwargs if method == "put" else {}), **headers)
        assert response.status_code == status, f"{role} {method} {url}: {response.status_code} != {status}"


def test_a_company_lists_only_its_own_assessments(world, client, bearer, assessment):  # noqa: F811
    rows = client.get("/api/v1/monitoring/assessments", **bearer("company_member")).json()
    assert [r["organization_id"] for r in rows] == [world.company.pk]
    assert client.get("/api/v1/monitoring/assessments", **bearer("ngo_member")).json() == []
    assert len(client.get("/api/v1/monitoring/assessments", **bearer("secretariat")).json()) == 3


def test_a_stale_revision_gets_409_with_the_current_answer(world, client, bearer, assessment):  # noqa: F811
    url = f"/api/v1/monitoring/assessments/{assessment.pk}/answers/1.1-policy"
    first = client.put(
        url, {"met": {"a": True}, "revision": 0}, content_type="application/json", **bearer("company_member")
    )
    assert first.status_code == 200 and first.json()["revision"] == 1
    stale = client.put(
        url,
        {"met": {"b": True}, "explanation": "x", "revision": 0},
        content_type="application/json",
        **bearer("company_admin"),
    )
    assert stale.status_code == 409 and stale.json()["met"]["a"] is True
    bad = client.put(
        url, {"met": {"zz": True}, "revision": 1}, content_type="application/json", **bearer("company_admin")
    )
    assert bad.status_code == 422


def test_submitting_returns_the_result_with_steps_and_advice(world, client, bearer, assessment):  # noqa: F811
    fill(assessment, world.company_member, level=1)
    data = client.post(
        f"/api/v1/monitoring/assessments/{assessment.pk}/submit", **bearer("company_member")
    ).json()
    assert data["overall"] == 50.0 and data["verdict"] in ("green", "orange")
    assert [s["step"] for s in data["steps"]] == ["1", "2", "3", "4", "5", "6"]
    assert data["advice"] and data["advice"][0]["gap"] >= data["advice"][-1]["gap"]
    again = client.post(f"/api/v1/monitoring/assessments/{assessment.pk}/submit", **bearer("company_member"))
    assert again.status_code == 422
