"""Background jobs of production locations: reading an uploaded list and matching a submitted one,
so that lists of tens of thousands of rows never keep a person waiting on a page."""

from __future__ import annotations

from django.utils import translation

from imvo.core.jobs import register
from imvo.core.models import Job


def _list(job: Job):
    from imvo.supply_chain.models import LocationList

    return LocationList.objects.select_related("organization", "year").get(pk=job.params["list"])


@register("location_list_read")
def read(job: Job, progress) -> tuple[str, bytes]:
    from imvo.supply_chain.services import list_read

    with translation.override(getattr(job.created_by, "language", None) or "nl"):
        report = list_read(_list(job), progress)
    return "problems.csv", report


@register("location_list_match")
def match(job: Job, progress) -> tuple[str, bytes]:
    from imvo.supply_chain.services import match_list

    stats = match_list(_list(job), progress)
    return "matching.txt", (
        f"remembered={stats.remembered} auto={stats.auto} review={stats.review} new={stats.new}\n"
    ).encode()
