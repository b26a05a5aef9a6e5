from __future__ import annotations

from auditlog.models import LogEntry
from django.db.models import QuerySet

ACTIONS = {
    "create": LogEntry.Action.CREATE,
    "update": LogEntry.Action.UPDATE,
    "delete": LogEntry.Action.DELETE,
    "access": LogEntry.Action.ACCESS,
}


def log_entry_list(
    *, action: str = "", actor_id: int | None = None, model: str = "", q: str = ""
) -> QuerySet[LogEntry]:
    qs = LogEntry.objects.select_related("actor", "content_type").order_by("-timestamp", "-pk")
    if action in ACTIONS:
        qs = qs.filter(action=ACTIONS[action])
    if actor_id:
        qs = qs.filter(actor_id=actor_id)
    if model:
        qs = qs.filter(content_type__model=model)
    if q:
        qs = qs.filter(object_repr__icontains=q)
    return qs
