"""Helpers every app's services share."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django_tasks import task


@task()
def send_emails(messages: list[list]) -> int:
    """Send prepared messages from the worker, so that a slow mail server never slows a page."""
    return send_mass_mail([(s, b, f, list(to)) for s, b, f, to in messages], fail_silently=False)


def notify_by_email(*, recipients: Iterable[str], subject: str, body: str, secret: bool = False) -> None:
    """Send one e-mail per recipient, in the background, once the surrounding transaction commits.

    A message with a secret in it (an invitation link) is sent from the request itself, so that
    the secret is never stored in the task queue's table.
    """
    addresses = sorted({r for r in recipients if r})
    if not addresses:
        return
    messages = [[str(subject), str(body), settings.DEFAULT_FROM_EMAIL, [a]] for a in addresses]
    if secret:
        transaction.on_commit(lambda: send_emails.call(messages))
    else:
        transaction.on_commit(lambda: send_emails.enqueue(messages))
