"""Small helpers the views share: access checks in the Healthchecks manner (404 unseen, 403 not allowed)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import BaseForm
from django.http import Http404, HttpRequest
from django.shortcuts import redirect, render

from imvo.agreements.models import Agreement
from imvo.agreements.selectors import agreement_current


def require_perm(request: HttpRequest, perm: str, obj=None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def current_agreement(request: HttpRequest) -> Agreement:
    """The agreement the person works in: their choice in the session, else the running one."""
    agreement = agreement_current(slug=request.session.get("agreement"))
    if agreement is None:
        agreement = agreement_current()
    if agreement is None:
        raise Http404("No agreement has been loaded yet.")
    return agreement


def agreement_year(agreement: Agreement):
    """The agreement year the pages work in: the running one, else the last."""
    year = agreement.current_year()
    if year is None:
        year = agreement.years.order_by("-number").first()
    if year is None:
        raise Http404("The agreement has no years.")
    return year


def query_int(text: str) -> int | None:
    """A whole number from a query string or form value, or None: '²' passes isdigit() but not int()."""
    return int(text) if text.isdecimal() and len(text) < 10 else None


def apply_errors(form: BaseForm, error: ValidationError) -> None:
    """Put a service's ValidationError on the form, on the field it names where the form has it."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def on_valid(request, form, action, done: str, to: str):
    """Run a service with a valid form's data: its ValidationError lands on the form (nothing the
    person typed is lost), success redirects with a message. None when the page is shown again."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        action(form.cleaned_data)
    except ValidationError as e:
        apply_errors(form, e)
        return None
    messages.success(request, done)
    return redirect(to)


def page(request, template: str, context: dict, form=None):
    return render(request, template, context, status=400 if form is not None and form.errors else 200)


def step(request, action, done: str, to: str):
    """A button that takes one step (submit, remove, publish): the outcome as a message."""
    try:
        action()
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, done)
    return redirect(to)
