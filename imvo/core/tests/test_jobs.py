"""Background jobs: started from a page, run by the worker, progress shown, result downloaded."""

import io

from django.urls import reverse
from openpyxl import load_workbook

from imvo.core.models import Job


def test_the_secretariat_exports_the_calendar_in_the_background(
    world, login, django_capture_on_commit_callbacks
):
    client = login(world.secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("agreements:calendar_export"), {"year": "1", "kind": "plan_of_approach"}
        )
    job = Job.objects.get()
    assert response["Location"] == reverse("core:job", args=[job.pk])
    assert job.status == Job.Status.DONE and job.done == job.total == 3
    page = client.get(reverse("core:job", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert "hx-trigger" not in page.content.decode()
    download = client.get(reverse("core:job_download", args=[job.pk]))
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Bedrijf"
    assert {r[0] for r in rows[1:]} == {"Alfa Metaal BV", "Beta Staal BV", "Gamma Recycling BV"}


def test_a_company_exports_only_its_own_rows(world, login, django_capture_on_commit_callbacks):
    client = login(world.company_member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("agreements:calendar_export"), {})
    job = Job.objects.get()
    sheet = load_workbook(io.BytesIO(job.result.read())).active
    assert {r[0] for r in list(sheet.iter_rows(values_only=True))[1:]} == {"Alfa Metaal BV"}


def test_a_job_is_visible_only_to_whoever_started_it(world, login, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        login(world.secretariat).post(reverse("agreements:calendar_export"), {})
    job = Job.objects.get()
    client = login(world.company_admin)
    assert client.get(reverse("core:job", args=[job.pk])).status_code == 404
    assert client.get(reverse("core:job_download", args=[job.pk])).status_code == 404


def test_a_job_still_running_keeps_polling(world, login):
    job = Job.objects.create(
        kind="calendar_export", created_by=world.secretariat, status=Job.Status.RUNNING, done=40, total=100
    )
    page = login(world.secretariat).get(reverse("core:job", args=[job.pk]))
    body = page.content.decode()
    assert 'hx-trigger="every 1s"' in body and 'aria-valuenow="40"' in body


def test_a_failing_job_says_so(world, login, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        login(world.secretariat).post(reverse("agreements:calendar_export"), {"organization": "not-a-number"})
    assert Job.objects.get().status == Job.Status.DONE
    from imvo.core.jobs import run_job

    job = Job.objects.create(kind="calendar_export", created_by=world.secretariat, params={"agreement": 0})
    run_job.call(job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and job.message
