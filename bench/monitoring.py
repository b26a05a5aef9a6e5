"""Monitoring figures on the demo sector: scoring, saving an answer, submitting, the pages, the PDF.

Run: `.venv/bin/python bench/monitoring.py` (uses a throw-away SQLite database unless
DATABASE_URL is set). Prints one line per scenario: median and worst of the repeats.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "imvo.settings")
os.environ.setdefault("DEBUG", "0")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402


def timed(label: str, fn, repeat: int = 20) -> None:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - start) * 1000)
    print(f"{label:<52} median {statistics.median(runs):8.2f} ms   worst {max(runs):8.2f} ms   (n={repeat})")


def main() -> None:
    call_command("migrate", verbosity=0)
    from imvo.demo.services import demo_load

    demo_load()
    from imvo.accounts.models import User
    from imvo.monitoring import services
    from imvo.monitoring.models import Assessment, Submission
    from imvo.monitoring.pdf import result_pdf

    draft = Assessment.objects.filter(status="draft", answers__isnull=False).distinct().first()
    submitted = Submission.objects.order_by("-overall").first().assessment
    owner = User.objects.filter(organization=draft.organization).first()
    secretary = User.objects.get(email="secretariaat@demo.example")

    timed("score one assessment (all indicators)", lambda: services.assessment_result(submitted), 50)
    revision = {"n": draft.answers.get(indicator="1.1-policy").revision}

    def save():
        a = services.answer_save(
            assessment=draft,
            indicator="1.1-policy",
            met={"a": True},
            not_applicable=False,
            explanation="bench",
            base_revision=revision["n"],
            actor=owner,
        )
        revision["n"] = a.revision

    timed("save one answer (with revision check)", save, 50)
    with override_settings(ALLOWED_HOSTS=["*"]):
        client = Client()
        client.force_login(owner)
        timed(
            "GET a section page (step 2, company)",
            lambda: client.get(f"/monitoring/assessments/{draft.pk}/step2/"),
        )
        timed(
            "POST an answer by htmx",
            lambda: client.post(
                f"/monitoring/assessments/{draft.pk}/answers/1.2-oversight/",
                {"i-1_2-oversight-revision": draft.answers.get(indicator="1.2-oversight").revision},
                HTTP_HX_REQUEST="true",
            ),
        )
        client.force_login(secretary)
        rnd = submitted.round
        timed("GET the round table (secretariat)", lambda: client.get(f"/monitoring/rounds/{rnd.pk}/"))
        timed("GET the sector distribution", lambda: client.get(f"/monitoring/rounds/{rnd.pk}/aggregate/"))
        timed("GET a result page", lambda: client.get(f"/monitoring/assessments/{submitted.pk}/result/"))
    latest = submitted.submissions.order_by("-number").first()
    timed("render the result PDF", lambda: result_pdf(latest), 5)
    print(f"PDF size: {len(result_pdf(latest)) / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
