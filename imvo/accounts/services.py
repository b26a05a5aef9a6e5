"""Invitations, API tokens and personal settings."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from imvo.accounts.models import ApiToken, Invitation, User
from imvo.core.services import notify_by_email

INVITATION_DAYS = 14


@transaction.atomic
def invitation_create(
    *,
    email: str,
    organization,
    invited_by,
    full_name: str = "",
    is_org_admin: bool = False,
    base_url: str = "http://127.0.0.1:8000",
) -> tuple[Invitation, str]:
    """Invite someone to an organization's account; the link is e-mailed and valid for 14 days."""
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        # Worded so that it does not tell which organization the person belongs to.
        raise ValidationError({"email": _("This address cannot be invited; ask the secretariat.")})
    Invitation.objects.filter(
        email=email, organization=organization, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())
    token, digest = Invitation.new_token()
    invitation = Invitation.objects.create(
        email=email,
        full_name=full_name,
        organization=organization,
        is_org_admin=is_org_admin,
        token_digest=digest,
        invited_by=invited_by,
        expires_at=timezone.now() + dt.timedelta(days=INVITATION_DAYS),
    )
    link = base_url.rstrip("/") + reverse("accounts:accept_invitation", args=[token])
    notify_by_email(
        secret=True,
        recipients=[email],
        subject=_("Invitation to the IMVO platform for %(org)s") % {"org": organization.name},
        body=_(
            "%(who)s invites you to join %(org)s on the platform of the sector agreement.\n\n"
            "Choose your password here (valid for %(days)s days):\n%(link)s\n"
        )
        % {
            "who": invited_by or _("The secretariat"),
            "org": organization.name,
            "days": INVITATION_DAYS,
            "link": link,
        },
    )
    return invitation, token


@transaction.atomic
def invitation_accept(*, invitation: Invitation, full_name: str, password: str, language: str = "nl") -> User:
    if not invitation.is_open:
        raise ValidationError(_("This invitation is no longer valid; ask for a new one."))
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise ValidationError(_("Someone with this e-mail address already has an account."))
    user = User(
        email=invitation.email,
        full_name=full_name.strip(),
        organization=invitation.organization,
        is_org_admin=invitation.is_org_admin,
        language=language if language in dict(settings.LANGUAGES) else "nl",
    )
    validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return user


def invitation_revoke(*, invitation: Invitation) -> Invitation:
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    return invitation


def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Returns the token and its key; the key is shown once and only its digest is kept."""
    if not name.strip():
        raise ValidationError({"name": _("Give the token a name, e.g. the system that uses it.")})
    key, digest = ApiToken.new_key()
    token = ApiToken.objects.create(user=user, name=name.strip(), prefix=key[5:13], key_digest=digest)
    return token, key


def api_token_revoke(*, token: ApiToken) -> ApiToken:
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    return token


def user_set_language(*, user: User, language: str) -> None:
    if language in dict(settings.LANGUAGES) and user.language != language:
        user.language = language
        user.save(update_fields=["language"])
