"""Helpers every app's services share."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction


def notify_by_email(*, recipients: Iterable[str], subject: str, body: str) -> None:
    """Send one e-mail per recipient once the surrounding transaction commits."""
    addresses = sorted({r for r in recipients if r})
    if not addresses:
        return
    messages = [(subject, body, settings.DEFAULT_FROM_EMAIL, [a]) for a in addresses]
    transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=False))
