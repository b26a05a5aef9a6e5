"""The demo sector shows the first covenant's projects, one running and one before the core group."""

from imvo.demo.services import demo_load
from imvo.projects import selectors
from imvo.projects.models import Project


def test_the_demo_shows_projects_at_every_stage(db):
    assert demo_load() is True
    statuses = dict(Project.objects.values_list("title", "status"))
    assert sorted(statuses.values()) == ["completed", "completed", "proposed", "running"]
    running = Project.objects.get(status="running")
    assert running.origin == "collective_risk" and running.proposal.adopted
    assert Project.objects.get(status="proposed").proposal.status == "voting"
    summary = selectors.project_summary(agreement=running.agreement)
    named = set(summary.companies_named)
    assert {"Rijnmond Raffinage NV", "Noordzee Staal Recycling BV"} <= named
    assert "Holland Non-Ferro Handel BV" not in str(summary), "a company that did not consent stays unnamed"
    assert summary.companies > len(named)
    assert {"PE", "BO", "IN"} <= {code for code, _name, _n in summary.countries}
    assert all(p.results for p in summary.projects)
