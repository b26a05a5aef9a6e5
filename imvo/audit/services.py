"""Reads of confidential data by anyone but its owner are written to the audit log (art. 20)."""

from __future__ import annotations

from collections.abc import Iterable

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models


def record_access(*, actor, objects: Iterable[models.Model], what: str, owner_org_id=None) -> int:
    """Log one ACCESS entry per object read; nothing when the reader's organization owns it.

    `owner_org_id` is a callable or value giving the owning organization of each object; by
    default an object's own `organization_id` (or the object's pk when it is an organization).
    """
    entries = []
    reader_org = getattr(actor, "organization_id", None)
    for obj in objects:
        owner = _owner_of(obj, owner_org_id)
        if owner is not None and owner == reader_org:
            continue
        entries.append(
            LogEntry(
                content_type=ContentType.objects.get_for_model(obj),
                object_pk=str(obj.pk),
                object_id=obj.pk if isinstance(obj.pk, int) else None,
                object_repr=str(obj)[:255],
                action=LogEntry.Action.ACCESS,
                actor=actor if getattr(actor, "is_authenticated", False) else None,
                changes={},
                additional_data={"read": what, "owner_organization": owner},
            )
        )
    LogEntry.objects.bulk_create(entries)
    return len(entries)


def _owner_of(obj, owner_org_id):
    if callable(owner_org_id):
        return owner_org_id(obj)
    if owner_org_id is not None:
        return owner_org_id
    from imvo.organizations.models import Organization

    if isinstance(obj, Organization):
        return obj.pk
    return getattr(obj, "organization_id", None)
