"""Logging in, brute-force protection, invitations, password reset, language and API tokens."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from imvo.accounts.models import ApiToken, User
from imvo.accounts.roles import Role, roles_of
from imvo.accounts.services import api_token_create, invitation_create


def test_roles_follow_organization_and_seat(world):
    assert roles_of(world.company_admin) == {Role.COMPANY_MEMBER, Role.COMPANY_ADMIN}
    assert roles_of(world.company_member) == {Role.COMPANY_MEMBER}
    assert roles_of(world.secretariat) == {Role.SECRETARIAT}
    assert roles_of(world.ngo_member) == {Role.NGO_UNION_MEMBER}
    assert roles_of(world.association_member) == {Role.INDUSTRY_ASSOCIATION_MEMBER}
    assert roles_of(world.government_observer) == {Role.GOVERNMENT_OBSERVER}
    assert roles_of(world.core_group_member) == {Role.NGO_UNION_MEMBER, Role.CORE_GROUP_MEMBER}
    assert Role.CORE_GROUP_CHAIR in roles_of(world.chair)


def test_login_with_email_and_password(world, client):
    response = client.post(
        reverse("accounts:login"), {"username": "ADMIN@alfa.example", "password": "correct-horse-battery"}
    )
    assert response.status_code == 302
    assert client.get(reverse("core:home")).context["user"] == world.company_admin


def test_wrong_password_says_so_without_revealing_which_part(world, client):
    response = client.post(reverse("accounts:login"), {"username": "admin@alfa.example", "password": "nope"})
    assert response.status_code == 200
    assert "hoort niet bij een actief" in response.content.decode()


def test_five_failures_lock_the_login(world, client):
    for _ in range(5):
        client.post(reverse("accounts:login"), {"username": "admin@alfa.example", "password": "wrong"})
    response = client.post(
        reverse("accounts:login"), {"username": "admin@alfa.example", "password": "correct-horse-battery"}
    )
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_password_reset_by_email(world, client):
    client.post(reverse("accounts:password_reset"), {"email": "lid@alfa.example"})
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+)", mail.outbox[0].body).group(1)
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    response = client.post(
        form_url, {"new_password1": "een-nieuw-wachtwoord-42", "new_password2": "een-nieuw-wachtwoord-42"}
    )
    assert response.status_code == 302
    world.company_member.refresh_from_db()
    assert world.company_member.check_password("een-nieuw-wachtwoord-42")


def test_an_invitation_creates_an_account_in_the_organization(
    world, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _invitation, token = invitation_create(
            email="Nieuw@Alfa.example", organization=world.company, invited_by=world.company_admin
        )
    assert mail.outbox[0].to == ["nieuw@alfa.example"]
    assert token in mail.outbox[0].body
    url = reverse("accounts:accept_invitation", args=[token])
    bad = client.post(url, {"full_name": "Nina", "password1": "kort", "password2": "kort", "language": "en"})
    assert bad.status_code == 200 and 'value="Nina"' in bad.content.decode()
    ok = client.post(
        url,
        {
            "full_name": "Nina",
            "password1": "lang-genoeg-wachtwoord",
            "password2": "lang-genoeg-wachtwoord",
            "language": "en",
        },
    )
    assert ok.status_code == 302
    user = User.objects.get(email="nieuw@alfa.example")
    assert user.organization == world.company and user.language == "en" and not user.is_org_admin
    assert client.get(url).status_code == 410


def test_an_invitation_to_an_existing_address_is_refused(world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        invitation_create(
            email="lid@alfa.example", organization=world.company, invited_by=world.company_admin
        )


def test_a_company_admin_invites_only_to_their_own_company(world, login):
    client = login(world.company_admin)
    ok = client.post(reverse("organizations:invite", args=[world.company.pk]), {"email": "x@alfa.example"})
    assert ok.status_code == 302
    refused = client.post(
        reverse("organizations:invite", args=[world.other_company.pk]), {"email": "y@beta.example"}
    )
    assert refused.status_code == 403


def test_the_language_switch_is_remembered(world, login):
    client = login(world.company_member)
    client.post(reverse("accounts:set_language"), {"language": "en", "next": "/"})
    world.company_member.refresh_from_db()
    assert world.company_member.language == "en"
    assert "Welcome" in client.get("/").content.decode()
    client.post(reverse("accounts:set_language"), {"language": "nl", "next": "/"})
    assert "Welkom" in client.get("/").content.decode()


def test_an_api_token_is_shown_once_and_stored_as_a_digest(world, login):
    client = login(world.company_member)
    response = client.post(reverse("accounts:token_create"), {"token-name": "ERP"})
    key = response.context["new_key"]
    token = ApiToken.objects.get(user=world.company_member)
    assert key not in token.key_digest and key.startswith("imvo_")
    assert ApiToken.authenticate(key) == world.company_member
    client.post(reverse("accounts:token_revoke", args=[token.pk]))
    assert ApiToken.authenticate(key) is None


def test_someone_else_cannot_revoke_my_token(world, login):
    token, _key = api_token_create(user=world.company_member, name="ERP")
    response = login(world.other_company_admin).post(reverse("accounts:token_revoke", args=[token.pk]))
    assert response.status_code == 404
