from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from imvo.accounts import services
from imvo.accounts.forms import AcceptInvitationForm, ApiTokenForm, ProfileForm
from imvo.accounts.models import ApiToken, Invitation
from imvo.core.views_helpers import apply_errors, require_perm


def _remember_language(response, language: str) -> None:
    """The language switch's cookie, which LanguageMiddleware reads before the profile."""
    response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, samesite="Lax", max_age=365 * 24 * 3600)


def accept_invitation(request, token: str):
    invitation = Invitation.find(token)
    if invitation is None or not invitation.is_open:
        return render(request, "accounts/invitation_invalid.html", status=410)
    form = AcceptInvitationForm(
        request.POST or None,
        initial={
            "full_name": invitation.full_name,
            "language": request.LANGUAGE_CODE,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(
                invitation=invitation,
                full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data["password1"],
                language=form.cleaned_data["language"],
            )
        except ValidationError as e:
            form.add_error("password1" if "password" in " ".join(e.messages).lower() else None, e)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome, %(name)s.") % {"name": user.get_short_name()})
            response = redirect("core:home")
            _remember_language(response, user.language)
            return response
    return render(request, "accounts/accept_invitation.html", {"form": form, "invitation": invitation})


@login_required
def profile(request):
    user = request.user
    form = ProfileForm(
        request.POST or None,
        initial={
            "full_name": user.full_name,
            "job_title": user.job_title,
            "language": user.language,
        },
        prefix="profile",
    )
    token_form = ApiTokenForm(prefix="token")
    if request.method == "POST" and form.is_valid():
        user.full_name = form.cleaned_data["full_name"]
        user.job_title = form.cleaned_data["job_title"]
        user.save(update_fields=["full_name", "job_title"])
        services.user_set_language(user=user, language=form.cleaned_data["language"])
        messages.success(request, _("Your profile has been saved."))
        response = redirect("accounts:profile")
        _remember_language(response, user.language)
        return response
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "token_form": token_form,
            "tokens": user.api_tokens.filter(revoked_at__isnull=True),
        },
    )


@login_required
@require_POST
def token_create(request):
    form = ApiTokenForm(request.POST, prefix="token")
    key = None
    if form.is_valid():
        try:
            _token, key = services.api_token_create(user=request.user, name=form.cleaned_data["name"])
        except ValidationError as e:
            apply_errors(form, e)
    return render(
        request,
        "accounts/profile.html",
        {
            "form": ProfileForm(
                prefix="profile",
                initial={
                    "full_name": request.user.full_name,
                    "job_title": request.user.job_title,
                    "language": request.user.language,
                },
            ),
            "token_form": ApiTokenForm(prefix="token") if key else form,
            "new_key": key,
            "tokens": request.user.api_tokens.filter(revoked_at__isnull=True),
        },
    )


@login_required
@require_POST
def token_revoke(request, pk: int):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user, revoked_at__isnull=True)
    services.api_token_revoke(token=token)
    messages.success(request, _("The token has been revoked."))
    return redirect("accounts:profile")


@require_POST
def set_language(request):
    """Switch the interface language; remembered in a cookie and, when signed in, in the profile."""
    language = request.POST.get("language", "")
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if language in dict(settings.LANGUAGES):
        _remember_language(response, language)
        if request.user.is_authenticated:
            services.user_set_language(user=request.user, language=language)
    return response


@login_required
@require_POST
def invitation_revoke(request, pk: int):
    invitation = get_object_or_404(Invitation, pk=pk)
    require_perm(request, "accounts.invite_to_organization", invitation.organization)
    services.invitation_revoke(invitation=invitation)
    messages.success(request, _("The invitation has been withdrawn."))
    return redirect("organizations:detail", pk=invitation.organization_id)
