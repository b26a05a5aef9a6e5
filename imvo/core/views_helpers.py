"""Small helpers the views share: access checks in the Healthchecks manner (404 unseen, 403 not allowed)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import BaseForm
from django.http import HttpRequest

from imvo.agreements.models import Agreement
from imvo.agreements.selectors import agreement_current


def require_perm(request: HttpRequest, perm: str, obj=None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def current_agreement(request: HttpRequest) -> Agreement:
    """The agreement the person works in: their choice in the session, else the running one."""
    from django.http import Http404

    agreement = agreement_current(slug=request.session.get("agreement"))
    if agreement is None:
        agreement = agreement_current()
    if agreement is None:
        raise Http404("No agreement has been loaded yet.")
    return agreement


def apply_errors(form: BaseForm, error: ValidationError) -> None:
    """Put a service's ValidationError on the form, on the field it names where the form has it."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
