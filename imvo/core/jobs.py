"""Start heavy work in the background and report its progress (django-tasks, database backend).

A capability registers a runner per job kind: `runner(job, progress)` where `progress(done, total)`
saves how far it is. The runner returns the file name and bytes of its result.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from imvo.core.models import Job

logger = logging.getLogger(__name__)
Runner = Callable[[Job, Callable[[int, int], None]], tuple[str, bytes]]
RUNNERS: dict[str, Runner] = {}


def register(kind: str):
    def decorator(runner: Runner) -> Runner:
        RUNNERS[kind] = runner
        return runner

    return decorator


def job_start(*, kind: str, user, params: dict | None = None) -> Job:
    if kind not in RUNNERS:
        raise ValueError(f"No runner for job kind {kind!r}")
    job = Job.objects.create(kind=kind, created_by=user, params=params or {})
    transaction.on_commit(lambda: run_job.enqueue(job.pk))
    return job


@task()
def run_job(job_id: int) -> None:
    job = Job.objects.select_related("created_by").get(pk=job_id)
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, started_at=timezone.now())

    def progress(done: int, total: int) -> None:
        Job.objects.filter(pk=job.pk).update(done=done, total=total)

    try:
        name, content = RUNNERS[job.kind](job, progress)
    except Exception as exc:
        logger.exception("Job %s failed", job.pk)
        Job.objects.filter(pk=job.pk).update(
            status=Job.Status.FAILED, finished_at=timezone.now(), message=str(exc)[:1000]
        )
        return
    job.refresh_from_db()
    job.result.save(name, ContentFile(content), save=False)
    job.status = Job.Status.DONE
    job.finished_at = timezone.now()
    job.save(update_fields=["result", "status", "finished_at"])
